/* crawl_log.c - the crawl's logs and progress line. */
#include "crawler/crawl/crawl_log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <jansson.h>

#include "lib/i18n.h"
#include "lib/report.h"
#include "lib/alloc.h"

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

	if (!l->tty)
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
	fflush(stderr);
	l->drawn = true;
}

void crawl_log(struct crawl_log *l, enum log_level level, const char *account,
               const char *fmt, ...)
{
	va_list ap;
	char *msg;

	/* Text is for people, in their language (lib/i18n.h); JSON lines are
	 * for machines and stay English. */
	va_start(ap, fmt);
	msg = xvasprintf(l->format == LOG_JSON ? fmt : _(fmt), ap);
	va_end(ap);
	pthread_mutex_lock(&l->mu);
	if (level == LOG_ERROR)
		l->errors++;
	/* Quiet: news is dropped; warnings, errors and the summary stay. */
	if (!(l->quiet && level == LOG_INFO)) {
		erase(l);
		if (l->format == LOG_JSON) {
			json_t *o = json_pack("{s:s, s:f, s:o, s:o}", "level",
			                      level_names[level], "elapsed", elapsed(l),
			                      "account", report_string(account),
			                      "message", report_string(msg));
			char *text = json_dumps(o, JSON_COMPACT);
			fprintf(stderr, "%s\n", text);
			free(text);
			json_decref(o);
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

void crawl_log_finish(struct crawl_log *l)
{
	pthread_mutex_lock(&l->mu);
	erase(l);
	pthread_mutex_unlock(&l->mu);
}
