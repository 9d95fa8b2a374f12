"""Ids from the demo clinic (`clinic_settings.demo_data`), so the examples in the API document work
as they are against `./deploy/run.sh`. A test keeps them equal to the demo's."""

DOWNTOWN = "da9e1e53-e593-53dc-adcb-67ae47f9ed65"
TREATMENT = "aeb935f8-1e00-5699-b556-0d006ec20fbe"
RE_EVALUATION = "29e8994f-e09e-571d-b009-18584d98e778"
DANA = "fa790039-eb81-508a-86bc-8ea744e4a9d6"
LILY = "c5a5c01f-beee-5eb7-9622-aca56836095c"
OWEN = "6a474791-0651-5746-abfc-2a99742ff8ca"
LILYS_CASE = "3178f7c5-2975-532f-aa4c-76c1aa22179a"
WEI = "82d9d688-2d98-5f3a-993a-87857f940228"
