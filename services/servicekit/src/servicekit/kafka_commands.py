"""What servicekit's operator commands against Kafka share (python -m servicekit.consumer_groups,
python -m servicekit.dead_letters): the module's docstring as help, subcommands, and the broker
from --bootstrap or KAFKA_BOOTSTRAP_SERVERS."""

import argparse
import os
from collections.abc import Sequence
from typing import Any


class KafkaCommand:
    def __init__(self, module: str, doc: str | None) -> None:
        self.parser = argparse.ArgumentParser(
            prog=f"python -m {module}", description=doc, formatter_class=argparse.RawDescriptionHelpFormatter
        )
        self.parser.add_argument("--bootstrap", default=os.environ.get("KAFKA_BOOTSTRAP_SERVERS"))
        self._commands = self.parser.add_subparsers(dest="command", required=True)

    def command(self, name: str, help: str) -> argparse.ArgumentParser:
        return self._commands.add_parser(name, help=help)

    def parse(self, argv: Sequence[str] | None) -> Any:
        args = self.parser.parse_args(argv)
        if not args.bootstrap:
            self.parser.error("give --bootstrap or set KAFKA_BOOTSTRAP_SERVERS")
        return args
