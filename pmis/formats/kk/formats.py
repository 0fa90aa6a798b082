# Kazakh formats (Django ships none): "2026 ж. 15 наурыз", "1 250 000,50" (as Babel and CLDR write them).
DATE_FORMAT = "Y \\ж. j E"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "Y \\ж. j E, H:i"
YEAR_MONTH_FORMAT = "Y \\ж. F"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
FIRST_DAY_OF_WEEK = 1
DATE_INPUT_FORMATS = ["%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = ["%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%d.%m.%Y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"
NUMBER_GROUPING = 3
