/* crawl_log.c - the crawl's logs and progress line. */
#include "crawler/crawl/crawl_log.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <jansson.h>

#include "lib/i18n.h"
#include "lib/report.h"
#include "lib/alloc.h"
#include "lib/str.h"

/* JSON lines print them as they are; text lines translate them. */
static const char *const level_names[] = {
	N_("info"), N_("warning"), N_("error"), N_("info"),
};

void crawl_log_init(struct crawl_log *l, enum log_format format, bool quiet)
{
	memset(l, 0, sizeof(*l));
	l->format = format;
	l->quiet = quiet;
	/* The progress line is for people: a terminal, text logs, not quiet. */
	l->tty = format == LOG_TEXT && !quiet && isatty(STDERR_FILENO);
	clock_gettime(CLOCK_MONOTONIC, &l->start);
	pthread_mutex_init(&l->mu, NULL);
}

void crawl_log_free(struct crawl_log *l)
{
	/* A run that ended before its summary: the shell's prompt must not
	 * land on the progress line. */
	if (l->drawn)
		fputc('\n', stderr);
	pthread_mutex_destroy(&l->mu);
}

static double elapsed(const struct crawl_log *l)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - l->start.tv_sec) +
	       (double)(now.tv_nsec - l->start.tv_nsec) / 1e9;
}

/* Caller holds the lock. */
static void erase(struct crawl_log *l)
{
	if (l->drawn) {
		fputs("\r\033[K", stderr);
		l->drawn = false;
	}
}

static void draw(struct crawl_log *l)
{
	double t = elapsed(l);

	if (!l->tty || l->finished)
		return;
	erase(l);
	fprintf(stderr, _("accounts %zu/%zu  repositories %zu/%zu  errors %zu"),
	        l->accounts_done, l->accounts_total, l->repos_done, l->repos_total,
	        l->errors);
	if (l->repos_done > 0 && l->repos_total > l->repos_done) {
		double left = t / (double)l->repos_done *
		              (double)(l->repos_total - l->repos_done);
		fprintf(stderr, _("  about %.0f s left"), left);
	}
	/* A wait shows until it is over (the next redraw after it drops it). */
	if (l->wait_host[0] && t < l->wait_until)
		fprintf(stderr, _("  waiting for %s (%s)"), l->wait_host, l->wait_why);
	else
		l->wait_host[0] = '\0';
	fflush(stderr);
	l->drawn = true;
}

/* NOW as RFC 3339 in UTC, to the millisecond: "2026-11-30T09:49:13.123Z". */
static void utc_time(char out[32])
{
	struct timespec ts;
	struct tm tm;
	size_t n;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	n = strftime(out, 32, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out + n, 32 - n, ".%03ldZ", ts.tv_nsec / 1000000);
}

/* One JSON line: the time, the level, the seconds since the start (to the
 * millisecond, printed short: lib/report.h), the account and the
 * message. */
static void print_json(const struct crawl_log *l, enum log_level level,
                       const char *account, const char *msg)
{
	char now[32];
	json_t *o;
	char *text;

	utc_time(now);
	o = json_pack("{s:s, s:s, s:f, s:o, s:o}", "time", now,
	              "level", level_names[level],
	              "elapsed", round(elapsed(l) * 1000.0) / 1000.0,
	              "account", report_string(account),
	              "message", report_string(msg));
	text = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER |
	                  REPORT_REAL_PRECISION);
	fprintf(stderr, "%s\n", text);
	free(text);
	json_decref(o);
}

void crawl_log(struct crawl_log *l, enum log_level level, const char *account,
               const char *fmt, ...)
{
	va_list ap;
	char *raw, *msg, *who = NULL;

	/* Text is for people, in their language (lib/i18n.h); JSON lines are
	 * for machines and stay English. */
	va_start(ap, fmt);
	raw = xvasprintf(l->format == LOG_JSON ? fmt : _(fmt), ap);
	va_end(ap);
	/* Forge names, URLs and file names reach this line: no control
	 * character may clear the screen, set a title or forge a line. */
	msg = str_printable(raw, strlen(raw));
	free(raw);
	if (account)
		account = who = str_printable(account, strlen(account));
	pthread_mutex_lock(&l->mu);
	if (level == LOG_ERROR)
		l->errors++;
	/* Quiet: news is dropped; warnings, errors and the summary stay. */
	if (!(l->quiet && level == LOG_INFO)) {
		erase(l);
		if (l->format == LOG_JSON) {
			print_json(l, level, account, msg);
		} else {
			/* Plug-in and engine messages already start with the
			 * account: do not say it twice. */
			if (account && !strncmp(msg, account, strlen(account)))
				account = NULL;
			bool plain = level == LOG_INFO || level == LOG_NOTICE;

			fprintf(stderr, "inventaire: %s%s%s%s%s\n",
			        plain ? "" : _(level_names[level]), plain ? "" : ": ",
			        account ? account : "", account ? ": " : "", msg);
		}
		draw(l);
	}
	pthread_mutex_unlock(&l->mu);
	free(msg);
	free(who);
}

void crawl_log_accounts(struct crawl_log *l, size_t done, size_t total)
{
	pthread_mutex_lock(&l->mu);
	l->accounts_done = done;
	l->accounts_total = total;
	draw(l);
	pthread_mutex_unlock(&l->mu);
}

void crawl_log_repos(struct crawl_log *l, size_t done_delta, size_t total_delta)
{
	pthread_mutex_lock(&l->mu);
	l->repos_done += done_delta;
	l->repos_total += total_delta;
	draw(l);
	pthread_mutex_unlock(&l->mu);
}

void crawl_log_wait(struct crawl_log *l, const char *host, long long wait_ms,
                    const char *why)
{
	pthread_mutex_lock(&l->mu);
	snprintf(l->wait_host, sizeof(l->wait_host), "%s", host);
	snprintf(l->wait_why, sizeof(l->wait_why), "%s", why);
	l->wait_until = elapsed(l) + (double)wait_ms / 1000.0;
	pthread_mutex_unlock(&l->mu);
	/* Logged, and drawn by crawl_log() after the line. */
	crawl_log(l, LOG_INFO, NULL, "%s: %s; waiting %.1f s before trying "
	          "again", host, why, (double)wait_ms / 1000.0);
}

void crawl_log_finish(struct crawl_log *l)
{
	pthread_mutex_lock(&l->mu);
	if (l->drawn) {
		/* The last counts stay on screen, on a line of their own. */
		l->wait_host[0] = '\0';
		draw(l);
		fputc('\n', stderr);
		l->drawn = false;
	}
	l->finished = true;
	pthread_mutex_unlock(&l->mu);
}
