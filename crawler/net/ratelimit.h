/*
 * ratelimit.h - is this response a rate limit, and until when?
 *
 * From the GitHub and GitLab documentation (docs.github.com/en/rest/
 * using-the-rest-api/rate-limits-for-the-rest-api; docs.gitlab.com/ee/
 * administration/settings/user_and_ip_rate_limits.html): a 429 is a rate
 * limit; a 403 is one only when the headers or the message say so
 * (x-ratelimit-remaining: 0, RateLimit-Remaining: 0, Retry-After, a
 * "secondary rate limit" message) - otherwise it is a permission error the
 * plug-in must see. Wait for Retry-After, else the reset time, else back off.
 */
#ifndef INVENTAIRE_RATELIMIT_H
#define INVENTAIRE_RATELIMIT_H

#include <stdbool.h>
#include <time.h>

#include "forges/forge.h"

struct ratelimit {
	bool limited;          /* retry this request later */
	bool exhausted;        /* the token used has no requests left */
	time_t until;          /* epoch to wait for; 0 = unknown, back off */
};

void ratelimit_classify(struct ratelimit *out, const struct http_resp *resp,
                        time_t now);

/* Retry-After (delta seconds or HTTP date, RFC 9110 §10.2.3) as an epoch,
 * or 0 when absent or unreadable. */
time_t ratelimit_retry_after(const char *value, time_t now);

#endif
