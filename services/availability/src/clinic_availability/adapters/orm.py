"""The availability service's tables."""

from sqlalchemy import MetaData

from servicekit.messaging_tables import add_messaging_tables

metadata = MetaData()
add_messaging_tables(metadata)
