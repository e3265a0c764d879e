/*
 * json_budget.h - what a JSON body will cost once parsed, before jansson
 * parses it.
 *
 * A listing page is at most a few hundred kilobytes of repositories; its
 * parsed form is about ten times that. A hostile page of `{},{},...` is
 * cheap to send and dear to parse: one 60 MiB page cost 4.8 GB. The body
 * is capped by the engine (http.h, max_body); this counts, in one pass
 * over the bytes, the values it holds, the items of its largest array and
 * its depth, and refuses it over the bounds below: a page that no forge
 * sends (GitHub, GitLab, Gitea, Bitbucket and SourceHut return at most
 * 100 items a page).
 */
#ifndef INVENTAIRE_JSON_BUDGET_H
#define INVENTAIRE_JSON_BUDGET_H

#include <stddef.h>

#define JSON_MAX_ITEMS 1000u       /* items of one array */
#define JSON_MAX_VALUES 200000u    /* values of the whole body */
#define JSON_MAX_DEPTH 64u

/* 0 when BODY[0..len) fits; else ERROR_TOOBIG with the message "WHAT:
 * what is over" (lib/error.h). A body that is not JSON is left to the
 * parser: only what it would cost is checked here. */
int json_budget_check(const char *body, size_t len, const char *what);

#endif
