/*
 * cmd_check.c - `inventaire check [PATH]`: check one repository, as the
 * nightly crawl would, and print a verdict.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config/config.h"
#include "crawler/checks/checks.h"
#include "crawler/checks/driver.h"
#include "crawler/cli/check_forge.h"
#include "crawler/cli/cli.h"
#include "crawler/cli/commands.h"
#include "lib/alloc.h"
#include "lib/error.h"
#include "lib/i18n.h"
#include "output/badge.h"
#include "output/report_out.h"

static const char usage[] = N_(
"usage: inventaire check [OPTIONS] [PATH|URL]\n"
"       inventaire check --explain RULE\n"
"\n"
"Check one repository the way the nightly crawl does: a licence the French\n"
"administration may use, a README, a valid publiccode.yml, and the\n"
"community files. PATH (default '.') is a git work tree or any directory\n"
"inside one, a bare repository, or a plain directory without git. A URL\n"
"(https://, http:// or file://) is fetched the way the crawl fetches it:\n"
"only the default branch, into a cache (--cache, default\n"
"$XDG_CACHE_HOME/inventaire/git, else ~/.cache/inventaire/git).\n"
"\n"
"For git, the tree of HEAD is read with libgit2: nothing is checked out and\n"
"nothing is written to the repository.\n"
"\n"
"The repository's own settings, .inventaire.yml at its root, may turn a\n"
"rule off or change its level, with a reason (README.md, \"Per-repository\n"
"settings\"); silenced findings are still listed, and do not count.\n"
"\n"
"publiccode.yml's url is compared with the repository's own URL: the URL\n"
"checked; for a PATH, $CI_PROJECT_URL or $GITHUB_SERVER_URL/$GITHUB_REPOSITORY\n"
"when set, else the URL of the remote 'origin'. Its git data is not fetched.\n"
"\n"
"When that URL is on a forge the accounts list names (its forge: and\n"
"api_url:), or on github.com, gitlab.com and other well-known forges, the\n"
"forge is asked for that repository's metadata, as the crawl lists it: a\n"
"licence the forge reports that the files contradict is a license.mismatch.\n"
"A forge that does not answer is a note on stderr; the check goes on.\n"
"\n"
"Options:\n"
"  --worktree          read the files on disk instead of HEAD\n"
"  --format FORMAT     text (default), json, sarif or junit\n"
"  --fail-on LEVEL     exit 1 on findings at or above LEVEL:\n"
"                      error (default), warning, or never\n"
"  -o, --output FILE   write the report to FILE instead of standard output\n"
"  --badge FILE        also write an SVG badge to FILE: \"code.gouv.fr :\n"
"                      conforme\" when no finding is an error once\n"
"                      .inventaire.yml is applied, else \"non conforme\"\n"
"  --network           also run the checks that need the network\n"
"  --no-forge          do not ask the forge for the repository's metadata\n"
"  --config FILE       accounts list whose hosts say which forge a URL is on\n"
"                      (default: the embedded one, as crawl)\n"
"  --branch BRANCH     with a URL: check BRANCH instead of the default one\n"
"  --cache DIR         with a URL: where fetched repositories are kept\n"
"  --explain RULE      print what RULE means and how to fix it, in the\n"
"                      language of LANG; '--explain list' lists the rules\n"
"  -h, --help          print this help\n"
"\n"
"Environment: GITHUB_TOKEN, GITLAB_TOKEN, INVENTAIRE_TOKEN_<HOST>, as crawl.\n"
"\n"
"Exit codes: 0 no finding at or above --fail-on; 1 findings at or above it;\n"
"2 usage error; 4 the path cannot be read. The same in every format.\n");

enum format { FORMAT_TEXT, FORMAT_JSON, FORMAT_SARIF, FORMAT_JUNIT };

enum { OPT_WORKTREE = 256, OPT_FORMAT, OPT_FAIL_ON, OPT_EXPLAIN, OPT_NETWORK,
       OPT_BRANCH, OPT_CACHE, OPT_BADGE, OPT_NO_FORGE, OPT_CONFIG };

static const char *const format_names[] = { "text", "json", "sarif", "junit" };

static int explain(const char *id)
{
	const struct rule *r;

	if (!strcmp(id, "list")) {
		for (size_t i = 0; (r = rules_at(i)); i++)
			printf("%-36s %-8s %s\n", r->id, level_name(r->level),
			       _(r->summary_en));
		return EXIT_OK;
	}
	if (!(r = rules_find(id)))
		return cli_usage("check", "no rule '%s'; 'inventaire check "
		                 "--explain list' lists them", id);
	printf("%s (%s)\n\n%s.\n\n%s\n", r->id, level_name(r->level),
	       _(r->summary_en), _(r->explain_en));
	return EXIT_OK;
}

static bool is_url(const char *s)
{
	return !strncmp(s, "https://", 8) || !strncmp(s, "http://", 7) ||
	       !strncmp(s, "file://", 7);
}

/* A value of the environment, or NULL when it is unset or empty. */
static const char *env(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : NULL;
}

/*
 * The repository's own URL from the CI that runs us, when it says:
 * GitLab CI's CI_PROJECT_URL; GitHub Actions' GITHUB_SERVER_URL and
 * GITHUB_REPOSITORY. NULL otherwise: the driver then reads `origin`.
 */
static char *ci_url(void)
{
	const char *gl = env("CI_PROJECT_URL");
	const char *server = env("GITHUB_SERVER_URL");
	const char *repo = env("GITHUB_REPOSITORY");

	if (gl)
		return xstrdup(gl);
	if (server && repo)
		return xasprintf("%s/%s", server, repo);
	return NULL;
}

/* A URL is probed as the crawl probes it, into a cache that is kept
 * between runs so that checking again only fetches what is new. */
static char *cache_dir(const char *cache)
{
	const char *xdg = env("XDG_CACHE_HOME"), *home = env("HOME");

	if (cache)
		return xstrdup(cache);
	if (xdg)
		return xasprintf("%s/inventaire/git", xdg);
	return xasprintf("%s/.cache/inventaire/git", home ? home : "/tmp");
}

static int write_report(FILE *f, const struct report *r, enum format format,
                        int fail_on, bool color)
{
	const struct rule *v[256];
	struct rule_set rules = { v, 0 };
	const struct rule *x;

	for (size_t i = 0; (x = rules_at(i)) && rules.n < 256; i++)
		v[rules.n++] = x;
	switch (format) {
	case FORMAT_JSON:
		return report_write_json(f, r);
	case FORMAT_SARIF:
		return report_write_sarif(f, r, &rules);
	case FORMAT_JUNIT:
		return report_write_junit(f, r, &rules, fail_on);
	case FORMAT_TEXT:
	default:
		return report_write_text(f, r, fail_on, color);
	}
}

/* What the command line asks for. */
struct args {
	enum format format;
	int fail_on;
	const char *out_path, *path, *branch, *cache, *badge, *config;
	bool worktree, network, no_forge;
};

/* --format and --fail-on; 0, or the exit code of a usage error. */
static int parse_value(struct args *a, int opt, const char *v)
{
	enum level l;
	size_t i;

	if (opt == OPT_FORMAT) {
		for (i = 0; i < 4 && strcmp(v, format_names[i]); i++)
			;
		if (i == 4)
			return cli_usage("check", "unknown format '%s'; use text, "
			                 "json, sarif or junit", v);
		a->format = (enum format)i;
	} else if (!strcmp(v, "never")) {
		a->fail_on = FAIL_ON_NEVER;
	} else if (level_parse(&l, v) == 0 && l != LEVEL_INFO) {
		a->fail_on = (int)l;
	} else {
		return cli_usage("check", "unknown level '%s' for --fail-on; use "
		                 "error, warning or never", v);
	}
	return 0;
}

/* 0 and A filled, or 1 and *CODE the exit code to end with (--help,
 * --explain, a usage error). */
static int parse_args(int *code, struct args *a, int argc, char **argv)
{
	static const struct option options[] = {
		{ "worktree", no_argument, NULL, OPT_WORKTREE },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "fail-on", required_argument, NULL, OPT_FAIL_ON },
		{ "output", required_argument, NULL, 'o' },
		{ "network", no_argument, NULL, OPT_NETWORK },
		{ "explain", required_argument, NULL, OPT_EXPLAIN },
		{ "branch", required_argument, NULL, OPT_BRANCH },
		{ "cache", required_argument, NULL, OPT_CACHE },
		{ "badge", required_argument, NULL, OPT_BADGE },
		{ "no-forge", no_argument, NULL, OPT_NO_FORGE },
		{ "config", required_argument, NULL, OPT_CONFIG },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	*code = EXIT_OK;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":ho:", options, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(_(usage), stdout);
			return 1;
		case 'o': a->out_path = optarg; break;
		case OPT_WORKTREE: a->worktree = true; break;
		case OPT_NETWORK: a->network = true; break;
		case OPT_BRANCH: a->branch = optarg; break;
		case OPT_CACHE: a->cache = optarg; break;
		case OPT_BADGE: a->badge = optarg; break;
		case OPT_NO_FORGE: a->no_forge = true; break;
		case OPT_CONFIG: a->config = optarg; break;
		case OPT_EXPLAIN:
			*code = explain(optarg);
			return 1;
		case OPT_FORMAT:
		case OPT_FAIL_ON:
			if ((*code = parse_value(a, c, optarg)) != 0)
				return 1;
			break;
		case ':':
			*code = cli_usage("check", "option '%s' needs a value",
			                  argv[optind - 1]);
			return 1;
		default:
			*code = cli_usage("check", "unknown option '%s'",
			                  argv[optind - 1]);
			return 1;
		}
	}
	if (optind < argc)
		a->path = argv[optind++];
	if (optind < argc)
		*code = cli_usage("check", "one PATH at a time ('%s' is one too "
		                  "many)", argv[optind]);
	else if (a->worktree && is_url(a->path))
		*code = cli_usage("check", "--worktree needs a local path, not a "
		                  "URL");
	return *code != EXIT_OK;
}

/* Print R where asked; the exit code. */
static int print(const struct report *r, const struct args *a)
{
	struct cli_output out;
	int rc;

	if (cli_output_open(&out, a->out_path) < 0)
		return EXIT_FATAL;
	rc = write_report(out.f, r, a->format, a->fail_on,
	                  a->format == FORMAT_TEXT && !a->out_path &&
	                  cli_color(stdout));
	if (cli_output_close(&out, rc < 0) < 0 || rc < 0)
		return EXIT_FATAL;
	if (a->badge && badge_write(a->badge, badge_conforme(r)) < 0) {
		cli_error("%s", error_last());
		return EXIT_FATAL;
	}
	return report_max_level(r) >= a->fail_on ? EXIT_FINDINGS : EXIT_OK;
}

/* The forge's view, unless --no-forge: the accounts list says which hosts
 * run which forge. 0, or the exit code of a list that cannot be read. */
static int forge_view(struct check_opts *o, struct check_forge *cf,
                      struct accounts *acc, const struct args *a)
{
	char today[11];

	check_forge_init(cf, NULL);
	if (a->no_forge)
		return 0;
	report_today(today, (long long)time(NULL));
	if (accounts_load(acc, a->config, today) < 0) {
		cli_error("%s", error_last());
		return EXIT_USAGE;
	}
	check_forge_init(cf, acc);
	o->forge_view = check_forge_view;
	o->forge_view_arg = cf;
	return 0;
}

int cmd_check(int argc, char **argv)
{
	struct args a = { .format = FORMAT_TEXT, .fail_on = LEVEL_ERROR,
	                  .path = "." };
	struct check_opts o = CHECK_OPTS_INIT;
	struct check_result res;
	struct check_forge cf;
	struct accounts acc = { 0 };
	char *cache = NULL, *ci = NULL;
	int rc;

	if (parse_args(&rc, &a, argc, argv))
		return rc;
	if ((rc = forge_view(&o, &cf, &acc, &a)) != 0)
		return rc;
	if (is_url(a.path)) {
		o.url = a.path;   /* its own URL */
		o.branch = a.branch;
		o.cache_dir = cache = cache_dir(a.cache);
	} else {
		o.path = a.path;
		o.worktree = a.worktree;
		o.repo_url = ci = ci_url();   /* else origin's */
	}
	o.network = a.network;
	rc = check_repository(&res, &o);
	check_forge_clear(&cf);
	accounts_clear(&acc);
	free(cache);
	free(ci);
	if (rc < 0) {
		cli_error("%s", error_last());
		return rc == ERROR_USAGE ? EXIT_USAGE : EXIT_FATAL;
	}
	rc = print(res.report, &a);
	check_result_clear(&res);
	return rc;
}
