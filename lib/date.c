/*
 * date.c - RFC 3339 timestamps (lib/date.h): one parser for the dates
 * every forge writes differently (repo.h wants RFC 3339 UTC
 * "YYYY-MM-DDTHH:MM:SSZ"): GitHub and Gitea say "...Z", GitLab
 * "...000Z", Bitbucket "....674082+00:00", servers behind a local clock
 * "+02:00". The API documentation pages of each forge (cited in its
 * plug-in) call them ISO 8601; all are RFC 3339 date-times. The crawl
 * reads its own stored dates back with the same parser.
 */
#include "lib/date.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "lib/alloc.h"
#include "lib/error.h"

/* Read exactly N digits at *P into *V. */
static bool digits(const char **p, int n, long *v)
{
	*v = 0;
	for (int i = 0; i < n; i++) {
		char c = (*p)[i];

		if (c < '0' || c > '9')
			return false;
		*v = *v * 10 + (c - '0');
	}
	*p += n;
	return true;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
 * days_from_civil), so no timegm(3) and no TZ dependence. */
static long days_from_civil(long y, long m, long d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, long *y, long *m, long *d)
{
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	*y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp + (mp < 10 ? 3 : -9);
	*y += *m <= 2;
}

static int days_in_month(long y, long m)
{
	static const int dim[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : dim[m - 1];
}

/* IN as days since the epoch and seconds into that day, both UTC. */
static bool parse(const char *in, long *days_out, long *secs_out)
{
	const char *p = in;
	long y, mo, d, h, mi, s = 0, oh = 0, om = 0, sign = 0;
	long days, secs;

	if (!digits(&p, 4, &y) || *p++ != '-' || !digits(&p, 2, &mo) ||
	    *p++ != '-' || !digits(&p, 2, &d))
		return false;
	if (*p != 'T' && *p != 't' && *p != ' ')
		return false;
	p++;
	if (!digits(&p, 2, &h) || *p++ != ':' || !digits(&p, 2, &mi))
		return false;
	if (*p == ':') {
		p++;
		if (!digits(&p, 2, &s))
			return false;
		if (*p == '.' || *p == ',') {
			p++;
			if (*p < '0' || *p > '9')
				return false;
			while (*p >= '0' && *p <= '9')
				p++;
		}
	}
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		sign = *p++ == '+' ? 1 : -1;
		if (!digits(&p, 2, &oh))
			return false;
		if (*p == ':')
			p++;
		if (!digits(&p, 2, &om))
			return false;
	} else {
		return false;	/* no offset: local time of an unknown zone */
	}
	if (*p != '\0')
		return false;
	/* 60 allows a leap second; it rolls into the next minute. */
	if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) ||
	    h > 23 || mi > 59 || s > 60 || oh > 23 || om > 59)
		return false;

	days = days_from_civil(y, mo, d);
	secs = h * 3600 + mi * 60 + s - sign * (oh * 3600 + om * 60);
	days += secs / 86400;
	secs %= 86400;
	if (secs < 0) {
		secs += 86400;
		days--;
	}
	*days_out = days;
	*secs_out = secs;
	return true;
}

static bool normalize(char **out, const char *in)
{
	long days, secs, y, mo, d;

	if (!parse(in, &days, &secs))
		return false;
	civil_from_days(days, &y, &mo, &d);
	if (y < 0 || y > 9999)
		return false;
	*out = xasprintf("%04ld-%02ld-%02ldT%02ld:%02ld:%02ldZ", y, mo, d,
	                 secs / 3600, secs / 60 % 60, secs % 60);
	return true;
}

int date_normalize(char **out, const char *in)
{
	*out = NULL;
	if (!in)
		return error_set(ERROR_PARSE, "no timestamp given");
	if (!normalize(out, in))
		return error_set(ERROR_PARSE, "not an RFC 3339 timestamp with a "
		                 "time zone (YYYY-MM-DDTHH:MM:SSZ)");
	return 0;
}

int date_seconds(long long *out, const char *in)
{
	long days, secs;

	*out = 0;
	if (!in)
		return error_set(ERROR_PARSE, "no timestamp given");
	if (!parse(in, &days, &secs))
		return error_set(ERROR_PARSE, "not an RFC 3339 timestamp with a "
		                 "time zone (YYYY-MM-DDTHH:MM:SSZ)");
	*out = (long long)days * 86400 + secs;
	return 0;
}
