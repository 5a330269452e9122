# Dates as people write them in France: « mardi 7 mars 2023 à 12:00 ».
DATE_FORMAT = "l j F Y"
DATETIME_FORMAT = "l j F Y à H:i"
SHORT_DATETIME_FORMAT = "j F Y à H:i"
TIME_FORMAT = "H:i"
