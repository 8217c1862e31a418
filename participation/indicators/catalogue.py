"""The built-in catalogue: Berlin's Monitoring Soziale Stadtentwicklung (MSS) 2021 indicators.

Each entry is what :func:`participation.indicators.services.ensure_indicators` stores. The column
mappings say which column of which bundled file (``data/berlin/``) feeds which indicator; the
import itself is generic (:mod:`participation.indicators.importer`).
"""

# The entries themselves (with their source and licence) live in their own module.
from participation.indicators.mss_indicators import MSS_INDICATORS  # noqa: F401

#: Context indicators onto the planning areas until 2020 (boundaries of the bundled GeoJSON).
MSS_CONTEXT_FILE = "mss-2021-context-indicators-plr-until-2020.csv"
MSS_CONTEXT_MAPPING = {
    "EW": "population",
    "KI_08": "municipal_housing",
    "KI_14": "rooms_per_resident",
    "KI_15": "living_space_per_resident",
}
#: The 2021 units (no geometry here): aggregated to the districts, weighted by residents.
MSS_2021_FILE = "mss-2021-indicators-plr-from-2021.csv"
MSS_2021_WEIGHT = "Resident Count"
MSS_2021_MAPPING = {
    "Resident Count": "population",
    "Unemployment Percent": "unemployment",
    "Social Benefits Receivers Percent": "transfer_benefits",
    "Child Poverty Percent": "child_poverty",
    "Youth Unemployment": "youth_unemployment",
    "Single Parents": "single_parents",
    "Old Age Poverty": "old_age_poverty",
    "Children Adolescents with Migration Background": "children_migration_background",
    "Residents with Migration Background": "migration_background",
    "Foreigners": "foreigners",
    "Non EU Foreigners": "non_eu_foreigners",
    "Foreign Transfer Recipients SGB II": "foreign_transfer_recipients",
    "Residents in Simple Living Conditions": "simple_residential_area",
    "Residence Duration Over Five Years": "residence_over_5_years",
    "Migration Volume": "migration_volume",
    "Total Migration Balance": "migration_balance",
    "Migration Balance Children Under 6 Years": "migration_balance_children",
}
#: Two-year changes (percentage points): give the 2018 value as ``value − change`` (estimate).
MSS_2021_CHANGES = {
    "Change in Unemployment": "unemployment",
    "Change in Social Benefits Receivers": "transfer_benefits",
    "Change in Child Poverty": "child_poverty",
}
MSS_PERIOD = "2020"
MSS_PREVIOUS_PERIOD = "2018"
