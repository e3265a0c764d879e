/*
 * crawl_log.h - what the crawl says while it runs, on stderr: one line per
 * account and a summary (for cron, `--quiet` keeps errors and the summary,
 * `--log-format json` makes each line a JSON object), and on a terminal a
 * progress line with accounts and repositories done, errors (accounts not
 * listed, repositories not fetched), time left, and the host a request is
 * waiting for. The progress line is left on screen, ended by a newline,
 * before the summary, and never drawn again. JSON lines carry the time
 * (RFC 3339, UTC). Safe to call from the probe threads.
 */
#ifndef INVENTAIRE_CRAWL_LOG_H
#define INVENTAIRE_CRAWL_LOG_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "crawler/crawl/crawl.h"

/* LOG_NOTICE is info that --quiet keeps: the summary. */
enum log_level { LOG_INFO, LOG_WARNING, LOG_ERROR, LOG_NOTICE };

struct crawl_log {
	enum log_format format;
	bool quiet;
	bool tty;                 /* draw the progress line */
	bool drawn;               /* a progress line is on screen */
	bool finished;            /* the progress line is done with */
	struct timespec start;
	size_t accounts_total, accounts_done;
	size_t repos_total, repos_done;
	size_t errors;
	char wait_host[128];      /* a request waits for this host ... */
	char wait_why[96];        /* ... for this reason ... */
	double wait_until;        /* ... until then (elapsed seconds) */
	pthread_mutex_t mu;
};

void crawl_log_init(struct crawl_log *l, enum log_format format, bool quiet);
void crawl_log_free(struct crawl_log *l);

/* An event about ACCOUNT (or the run when NULL). */
void crawl_log(struct crawl_log *l, enum log_level level, const char *account,
               const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Counters for the progress line (each call redraws it on a terminal). */
void crawl_log_accounts(struct crawl_log *l, size_t done, size_t total);
void crawl_log_repos(struct crawl_log *l, size_t done_delta, size_t total_delta);
/* A request to HOST waits WAIT_MS before its next attempt, for WHY (the
 * HTTP engine's on_wait): logged, and shown on the progress line. */
void crawl_log_wait(struct crawl_log *l, const char *host, long long wait_ms,
                    const char *why);
/* Before the summary: the progress line, if any, is drawn a last time and
 * ended with a newline; it is not drawn again. */
void crawl_log_finish(struct crawl_log *l);

#endif
