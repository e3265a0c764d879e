/*
 * http_list.c - the listing and owner jobs: drive a plug-in's
 * list_first/list_parse (owner_first/owner_parse) loop over the engine
 * until the plug-in says the listing is complete (forge.h).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "crawler/net/http.h"
#include "crawler/net/http_int.h"
#include "crawler/net/json_budget.h"
#include "lib/alloc.h"
#include "lib/error.h"

struct job {
	struct http_engine *e;
	const struct forge *forge;
	struct account acct;        /* strings owned */
	char *label;                /* "github.com/socialgouv", for messages */
	struct http_req *req;       /* the request in flight */
	unsigned pages;
	uint64_t *seen;             /* request hashes: a next page seen twice is a loop */
	size_t nseen;
	bool owner_mode;
	struct repo_list repos;
	struct owner owner;
	http_list_cb list_done;
	http_owner_cb owner_done;
	void *payload;
	unsigned long *requests;    /* the caller's count, or NULL */
};

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static struct job *job_new(struct http_engine *e, const struct forge *forge,
                           const struct account *acct, void *payload)
{
	struct job *j = xcalloc(1, sizeof(*j));

	j->e = e;
	j->forge = forge;
	j->acct.host = dup_or_null(acct->host);
	j->acct.api_url = dup_or_null(acct->api_url);
	j->acct.owner = dup_or_null(acct->owner);
	j->acct.kind = acct->kind;
	j->label = acct->owner
		? xasprintf("%s/%s", acct->host ? acct->host : "?", acct->owner)
		: xasprintf("%s (whole instance)", acct->host ? acct->host : "?");
	j->payload = payload;
	owner_init(&j->owner);
	return j;
}

static void job_free(struct job *j)
{
	free((char *)j->acct.host);
	free((char *)j->acct.api_url);
	free((char *)j->acct.owner);
	free(j->label);
	http_req_free(j->req);
	free(j->seen);
	repo_list_clear(&j->repos);
	owner_clear(&j->owner);
	free(j);
}

/* Call back once (when RC < 0, error_last() holds the message), then
 * free J. */
static void job_finish(struct job *j, int rc)
{
	if (j->owner_mode)
		j->owner_done(rc, &j->owner, j->payload);
	else
		j->list_done(rc, &j->repos, j->payload);
	job_free(j);
}

static uint64_t req_hash(const struct http_req *r)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	const char *parts[] = { r->method, r->url };

	for (size_t i = 0; i < 2; i++)
		for (const unsigned char *p = (const unsigned char *)parts[i]; p && *p; p++)
			h = (h ^ *p) * 0x100000001b3ULL;
	for (size_t i = 0; r->body && i < r->body_len; i++)
		h = (h ^ (unsigned char)r->body[i]) * 0x100000001b3ULL;
	return h;
}

static void on_response(int rc, const struct http_resp *resp, void *payload);

/* Send J->req, or finish J with an error. */
static void job_send(struct job *j)
{
	uint64_t h = req_hash(j->req);
	int rc;

	/* A forge that sends the same "next" page again would keep us
	 * there forever; a cap on pages bounds what a listing can cost. */
	for (size_t i = 0; i < j->nseen; i++)
		if (j->seen[i] == h) {
			job_finish(j, error_set(ERROR_PARSE, "%s: the forge sent the "
			                        "same next page twice (pagination "
			                        "loop); listing stopped", j->label));
			return;
		}
	if (++j->pages > http_engine_max_pages(j->e)) {
		job_finish(j, error_set(ERROR_PARSE, "%s: more than %u pages; "
		                        "listing stopped (raise the page limit if "
		                        "this is real)", j->label,
		                        http_engine_max_pages(j->e)));
		return;
	}
	j->seen = xrealloc(j->seen, (j->nseen + 1) * sizeof(*j->seen));
	j->seen[j->nseen++] = h;
	rc = http_engine_fetch(j->e, j->req, j->forge, &j->acct,
	                       on_response, j, j->requests);
	if (rc < 0)
		job_finish(j, error_wrap("%s: cannot send request", j->label));
}

static void on_response(int rc, const struct http_resp *resp, void *payload)
{
	struct job *j = payload;
	struct http_req *next = NULL;

	if (rc < 0) {
		job_finish(j, error_wrap("%s", j->label));
		return;
	}
	/* What the page costs once parsed, before the plug-in parses it. */
	if (json_budget_check(resp->body, resp->len, resp->url) < 0) {
		job_finish(j, error_wrap("%s", j->label));
		return;
	}
	/* The plug-in's message names the account and URL itself; an empty
	 * one means it had nothing to say. */
	error_clear();
	if (j->owner_mode)
		rc = j->forge->owner_parse(&j->owner, &next, &j->acct, j->req,
		                           resp);
	else
		rc = j->forge->list_parse(&j->repos, &next, &j->acct, j->req,
		                          resp);
	if (rc < 0) {
		http_req_free(next);
		if (!*error_last())
			error_set(rc, "%s: unusable answer (HTTP %ld) from %s",
			          j->label, resp->status, resp->url);
		job_finish(j, rc);
		return;
	}
	http_req_free(j->req);
	j->req = next;
	if (!next) {
		job_finish(j, 0);
		return;
	}
	job_send(j);
}

static int job_start(struct job *j, int (*first)(struct http_req **,
                                                 const struct account *))
{
	int rc;

	if (!first) {
		job_finish(j, error_set(ERROR_INVALID, "%s: the %s plug-in cannot "
		                        "do this", j->label, j->forge->kind));
		return 0;
	}
	error_clear();
	rc = first(&j->req, &j->acct);
	if (rc < 0 || !j->req) {
		if (rc >= 0)
			error_set(ERROR_INVALID, "%s", "");
		job_finish(j, error_wrap("%s: the %s plug-in cannot list this "
		                         "account", j->label, j->forge->kind));
		return 0;
	}
	job_send(j);
	return 0;
}

int http_engine_list(struct http_engine *e, const struct forge *forge,
                     const struct account *acct, http_list_cb done,
                     void *payload)
{
	return http_engine_list_counted(e, forge, acct, done, payload, NULL);
}

int http_engine_list_counted(struct http_engine *e, const struct forge *forge,
                             const struct account *acct, http_list_cb done,
                             void *payload, unsigned long *requests)
{
	struct job *j;

	if (!forge || !acct || !done)
		return error_set(ERROR_INVALID, "http_engine_list: a job needs a "
		                 "forge, an account and a callback");
	j = job_new(e, forge, acct, payload);
	j->list_done = done;
	j->requests = requests;
	return job_start(j, forge->list_first);
}

int http_engine_owner_counted(struct http_engine *e, const struct forge *forge,
                              const struct account *acct, http_owner_cb done,
                              void *payload, unsigned long *requests)
{
	struct job *j;

	if (!forge || !acct || !done)
		return error_set(ERROR_INVALID, "http_engine_owner: a job needs a "
		                 "forge, an account and a callback");
	j = job_new(e, forge, acct, payload);
	j->owner_mode = true;
	j->owner_done = done;
	j->requests = requests;
	if (forge->owner_first && !forge->owner_parse)
		return job_start(j, NULL);
	return job_start(j, forge->owner_first);
}
