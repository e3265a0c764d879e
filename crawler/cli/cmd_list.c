/*
 * cmd_list.c - `inventaire list ACCOUNT_URL...`: every public repository of
 * the given accounts, as text, JSON or CSV (README.md, "inventaire list").
 * Accounts are resolved as the crawl resolves them (forges/resolve.h) and
 * the repositories come in the feeds' order (lib/repo.h). The plug-ins build
 * and parse the requests; the HTTP engine sends them, all accounts at once.
 */
#include "crawler/cli/cli.h"
#include "crawler/cli/commands.h"

#include <curl/curl.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "forges/account.h"
#include "forges/forge.h"
#include "forges/resolve.h"
#include "crawler/net/http.h"
#include "output/repos_csv.h"
#include "output/repos_json.h"
#include "lib/alloc.h"
#include "lib/error.h"
#include "lib/i18n.h"
#include "lib/str.h"

static const char list_usage[] = N_(
"usage: inventaire list [OPTIONS] ACCOUNT_URL...\n"
"\n"
"List every public repository of each account, sorted by host, then full\n"
"name (without case first), each repository once.\n"
"ACCOUNT_URL is an account on a forge: https://github.com/socialgouv,\n"
"https://gitlab.com/drees_code, https://codeberg.org/NAME,\n"
"https://bitbucket.org/WORKSPACE, https://git.sr.ht/~user, or a host alone\n"
"(https://git.drees.fr/) for every public repository on it.\n"
"\n"
"  --forge KIND        the forge software when the host does not tell:\n"
"                      github, gitlab, gitea, forgejo, gogs, bitbucket, sourcehut\n"
"  --api-url URL       API root to use instead of the forge's usual one, for\n"
"                      every ACCOUNT_URL (GitHub Enterprise: https://HOST/api/v3);\n"
"                      http:// allowed; tokens for the account's host go there\n"
"  --format FORMAT     text (default), json or csv\n"
"  -o, --output FILE   write there instead of standard output\n"
"  -j, --jobs N        requests in flight per host (default 4)\n"
"  --cache DIR         keep pages and ETags in DIR; unchanged pages cost a 304\n"
"  --max-time SECONDS  give up retrying a request after this long (default 600)\n"
"  -v, --verbose       log retries and waits on standard error\n"
"  -h, --help          show this help\n"
"\n"
"Tokens come from the environment: GITHUB_TOKEN (several, comma-separated,\n"
"are used in turn), GITLAB_TOKEN, or INVENTAIRE_TOKEN_<HOST> with\n"
"dots and dashes as '_' (INVENTAIRE_TOKEN_GIT_DREES_FR). SourceHut needs one.\n"
"\n"
"Exit status: 0 all listed; 2 usage error; 3 some accounts could not be\n"
"listed (the others are still written); 4 nothing could be written.\n");

enum format { FORMAT_TEXT, FORMAT_JSON, FORMAT_CSV };

struct list_opts {
	const char *forge;
	const char *api_url;
	enum format format;
	const char *output;
	struct http_engine_opts http;
};

/* One account on the command line, and what became of it. */
struct target {
	const char *arg;
	struct account_url u;
	struct account_target target;
	int rc;
	char *err;
	struct repo_list repos;
};

static int parse_long_arg(long *out, const char *s, long lo, long hi)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

static int parse_opts(struct list_opts *o, int argc, char **argv)
{
	enum { OPT_FORGE = 256, OPT_API_URL, OPT_FORMAT, OPT_CACHE, OPT_MAX_TIME };
	static const struct option longopts[] = {
		{ "forge", required_argument, NULL, OPT_FORGE },
		{ "api-url", required_argument, NULL, OPT_API_URL },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "output", required_argument, NULL, 'o' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "cache", required_argument, NULL, OPT_CACHE },
		{ "max-time", required_argument, NULL, OPT_MAX_TIME },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;
	long n;

	opterr = 0;
	optind = 0;    /* glibc and musl: start afresh, at ARGV[1] */
	while ((c = getopt_long(argc, argv, "o:j:vh", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_FORGE:
			if (!forge_find(optarg))
				return cli_usage("list", "unknown forge kind '%s' (github, gitlab, "
				                   "gitea, forgejo, gogs, bitbucket, sourcehut)",
				                   optarg);
			o->forge = optarg;
			break;
		case OPT_API_URL:
			if (strncmp(optarg, "https://", 8) && strncmp(optarg, "http://", 7))
				return cli_usage("list", "--api-url needs an http:// or https:// URL, "
				                   "not '%s'", optarg);
			o->api_url = optarg;
			break;
		case OPT_FORMAT:
			if (!strcmp(optarg, "text"))
				o->format = FORMAT_TEXT;
			else if (!strcmp(optarg, "json"))
				o->format = FORMAT_JSON;
			else if (!strcmp(optarg, "csv"))
				o->format = FORMAT_CSV;
			else
				return cli_usage("list", "unknown format '%s' (text, json, csv)", optarg);
			break;
		case 'o':
			o->output = optarg;
			break;
		case 'j':
			if (parse_long_arg(&n, optarg, 1, 64) < 0)
				return cli_usage("list", "--jobs needs a number from 1 to 64, not '%s'",
				                   optarg);
			o->http.per_host = (unsigned)n;
			break;
		case OPT_CACHE:
			o->http.cache_dir = optarg;
			break;
		case OPT_MAX_TIME:
			if (parse_long_arg(&n, optarg, 0, 86400) < 0)
				return cli_usage("list", "--max-time needs seconds (0 to 86400), "
				                   "not '%s'", optarg);
			o->http.retry_budget_ms = n * 1000;
			/* Short budgets (tests, impatient people) back off less. */
			if (o->http.backoff_base_ms > o->http.retry_budget_ms / 8)
				o->http.backoff_base_ms = o->http.retry_budget_ms / 8 + 1;
			break;
		case 'v':
			o->http.verbose++;
			break;
		case 'h':
			fputs(_(list_usage), stdout);
			return 0;
		default:
			if (optopt && optopt < 256)
				return cli_usage("list", "unknown option '-%c'", optopt);
			return cli_usage("list", "unknown or incomplete option '%s'",
			                   argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return cli_usage("list", "no account URL given");
	return -1;    /* go on */
}

/* Parse T's URL and resolve it as the crawl resolves an entry of the
 * accounts list (forges/resolve.h); EXIT_USAGE with a message when we
 * cannot. */
static int target_prepare(struct target *t, const struct list_opts *o)
{
	struct account_spec spec = { 0 };

	if (account_parse_url(&t->u, t->arg) < 0)
		return cli_usage("list", "%s", error_last());
	spec.host = t->u.host;
	spec.owner = t->u.owner;
	spec.forge = o->forge ? o->forge : t->u.kind;
	spec.api_url = o->api_url;
	spec.kind = t->u.acct_kind;
	if (account_resolve(&t->target, &spec) < 0)
		return cli_usage("list", "%s: %s", t->arg, error_last());
	return -1;
}

static void on_listed(int rc, struct repo_list *repos, void *payload)
{
	struct target *t = payload;

	t->rc = rc;
	if (rc < 0)
		t->err = xstrdup(error_last());
	/* Keep what was listed either way; the caller decides. */
	t->repos = *repos;
	memset(repos, 0, sizeof(*repos));
}

static int write_text(FILE *out, const struct repo_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		const struct repo *r = &l->v[i];
		char *name = str_printable(r->full_name ? r->full_name : "?",
		                           r->full_name ? strlen(r->full_name) : 1);

		fprintf(out, "%s/%s%s%s%s%s\n", r->host ? r->host : "?", name,
		        r->archived ? " (archived)" : "", r->fork ? " (fork)" : "",
		        r->mirror ? " (mirror)" : "", r->empty ? " (empty)" : "");
		free(name);
	}
	return ferror(out) ? error_errno(EIO, "writing the listing") : 0;
}

static int write_output(const struct list_opts *o, const struct repo_list *l)
{
	struct cli_output out;
	int rc;

	if ((rc = cli_output_open(&out, o->output)) < 0)
		return rc;
	if (o->format == FORMAT_JSON)
		rc = repos_json_write(out.f, l);
	else if (o->format == FORMAT_CSV)
		rc = repos_csv_write(out.f, l);
	else
		rc = write_text(out.f, l);
	if (rc < 0)
		cli_error("%s", error_last());
	if (cli_output_close(&out, rc < 0) < 0 && rc == 0)
		rc = ERROR_IO;
	return rc;
}

int cmd_list(int argc, char **argv)
{
	struct list_opts o = { 0 };
	static const struct http_engine_opts http_defaults = HTTP_ENGINE_OPTS_INIT;
	struct target *targets = NULL;
	struct repo_list all = { 0 };
	struct http_engine *e = NULL;
	size_t ntargets = 0, failed = 0;
	int rc;

	o.http = http_defaults;
	rc = parse_opts(&o, argc, argv);
	if (rc >= 0)
		return rc;

	ntargets = (size_t)(argc - optind);
	targets = xcalloc(ntargets, sizeof(*targets));
	for (size_t i = 0; i < ntargets; i++) {
		targets[i].arg = argv[optind + (int)i];
		rc = target_prepare(&targets[i], &o);
		if (rc >= 0)
			goto out;
	}

	rc = EXIT_FATAL;
	if (http_engine_new(&e, &o.http) < 0) {
		fputs(_("inventaire list: cannot start libcurl\n"), stderr);
		goto out;
	}
	for (size_t i = 0; i < ntargets; i++)
		if (http_engine_list(e, targets[i].target.forge,
		                     &targets[i].target.acct, on_listed,
		                     &targets[i]) < 0) {
			targets[i].rc = ERROR_INVALID;
			targets[i].err = xasprintf(_("%s: cannot start the listing"),
			                           targets[i].arg);
		}
	if (http_engine_run(e) < 0)
		fputs(_("inventaire list: libcurl failed; some listings may be cut "
		        "short\n"), stderr);
	{
		const char *const *w;
		size_t nw = http_engine_warnings(e, &w);

		for (size_t i = 0; i < nw; i++) {
			char *msg = str_printable(w[i], strlen(w[i]));

			fprintf(stderr, _("inventaire list: warning: %s\n"), msg);
			free(msg);
		}
	}

	for (size_t i = 0; i < ntargets; i++) {
		struct target *t = &targets[i];

		if (t->rc < 0) {
			char *msg = str_printable(t->err, strlen(t->err));

			/* A failed account contributes nothing: a half listing
			 * would read as repositories that disappeared. */
			fprintf(stderr, "inventaire list: %s\n", msg);
			free(msg);
			failed++;
			continue;
		}
		for (size_t k = 0; k < t->repos.n; k++)
			repo_list_push(&all, &t->repos.v[k]);
	}
	repo_list_sort_unique(&all);
	if (write_output(&o, &all) < 0) {
		rc = EXIT_FATAL;
		goto out;
	}
	if (failed)
		fprintf(stderr, P_("inventaire list: %zu of %zu account could not "
		                   "be listed\n", "inventaire list: %zu of %zu "
		                   "accounts could not be listed\n", ntargets),
		        failed, ntargets);
	rc = failed ? EXIT_PARTIAL : EXIT_OK;
out:
	http_engine_free(e);
	for (size_t i = 0; i < ntargets; i++) {
		account_url_clear(&targets[i].u);
		account_target_clear(&targets[i].target);
		free(targets[i].err);
		repo_list_clear(&targets[i].repos);
	}
	free(targets);
	repo_list_clear(&all);
	return rc;
}
