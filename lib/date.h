/*
 * date.h - RFC 3339 date-times (https://www.rfc-editor.org/rfc/rfc3339,
 * section 5.6), as the forges write them and as we store them (lib/repo.h:
 * UTC "YYYY-MM-DDTHH:MM:SSZ"). No timegm(3), no TZ: the calendar
 * arithmetic is H. Hinnant's days_from_civil.
 */
#ifndef INVENTAIRE_DATE_H
#define INVENTAIRE_DATE_H

/*
 * Normalise IN ("2024-01-31T12:00:00Z", "2012-10-15T17:26:53.000Z",
 * "2014-11-16T23:19:16.674082+00:00", "2024-01-31T14:00:00+02:00") into
 * UTC "YYYY-MM-DDTHH:MM:SSZ". Fractional seconds are dropped. Returns 0,
 * or ERROR_PARSE (and *OUT = NULL) when IN is not such a timestamp.
 */
int date_normalize(char **out, const char *in);

/* IN, the same timestamps, in seconds since the epoch. 0, or ERROR_PARSE
 * (and *OUT = 0). */
int date_seconds(long long *out, const char *in);

#endif
