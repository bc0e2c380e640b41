"""The clinical core: parsing and units, population, grading, dosing weight, the decision, the regimen
in grams. Pure functions over knowledge/ data."""
