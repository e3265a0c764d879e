/*
 * token.h - API tokens from the environment, for the HTTP engine only.
 *
 * README.md, "Tokens": GITHUB_TOKEN (github.com),
 * GITLAB_TOKEN (gitlab.com), or INVENTAIRE_TOKEN_<HOST> with dots and
 * dashes turned into '_' and upper-cased. Several comma-separated tokens
 * are used in turn, a request each, and a spent one is skipped until its
 * reset: their hourly budgets add up, and no token carries all the
 * requests in flight alone (GitHub's secondary rate limits count them per
 * token, docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-
 * rest-api, "About secondary rate limits"). Tokens are never printed,
 * logged or written: nothing here formats one into a message.
 */
#ifndef INVENTAIRE_TOKEN_H
#define INVENTAIRE_TOKEN_H

#include <stddef.h>
#include <time.h>

struct token_set;

/* The tokens for accounts on HOST (possibly none). Never fails. */
int token_set_from_env(struct token_set **out, const char *host);
void token_set_free(struct token_set *ts);
size_t token_set_count(const struct token_set *ts);

/*
 * The token the next request would use at NOW: the current one, or the
 * next that is not exhausted. Returns NULL with *IDX -1 when the set is
 * empty, or when every token is exhausted (then *UNTIL is the earliest
 * reset).
 */
const char *token_set_pick(const struct token_set *ts, int *idx, time_t *until,
                           time_t now);
/* The same, for a request about to be sent: the set then moves on to the
 * token after it. */
const char *token_set_next(struct token_set *ts, int *idx, time_t *until,
                           time_t now);
/* Token IDX ran out (x-ratelimit-remaining: 0) until RESET. */
void token_set_exhausted(struct token_set *ts, int idx, time_t reset);

/* The variable name to tell people about: "INVENTAIRE_TOKEN_GIT_DREES_FR",
 * or GITHUB_TOKEN / GITLAB_TOKEN for those hosts. Malloc'd. */
char *token_env_name(const char *host);

#endif
