"""Environment read once into a validated model; the keys live in names.py."""

import os
from functools import lru_cache

from pydantic import BaseModel

from functions.domain.municipality import Municipality, load_municipality_cached
from functions.shared import names


class FunctionSettings(BaseModel):
    """Each function gets only what it needs: notify, for one, has no table."""

    municipality_config_file: str
    reports_table_name_or_none: str | None = None
    lifecycle_state_machine_arn: str | None = None

    @property
    def reports_table_name(self) -> str:
        if not self.reports_table_name_or_none:
            raise RuntimeError(f"{names.ENV_REPORTS_TABLE} is not set for this function")
        return self.reports_table_name_or_none


@lru_cache(maxsize=1)
def settings() -> FunctionSettings:
    return FunctionSettings(
        municipality_config_file=os.environ[names.ENV_MUNICIPALITY_CONFIG_FILE],
        reports_table_name_or_none=os.environ.get(names.ENV_REPORTS_TABLE),
        lifecycle_state_machine_arn=os.environ.get(names.ENV_LIFECYCLE_STATE_MACHINE_ARN),
    )


def municipality() -> Municipality:
    return load_municipality_cached(settings().municipality_config_file)
