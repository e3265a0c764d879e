/*
 * bench_publiccode.c - the targets README.md ("Performance") sets:
 * validating a typical 3 KB
 * publiccode.yml takes well under 1 ms once the lists are loaded; peak
 * memory stays under 20 MB on a 100 MB hostile file.
 *
 * Prints the figures; exits 0 whatever they are (not a test).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <yaml.h>

#include "crawler/cli/commands.h"
#include "crawler/publiccode/publiccode.h"

/* A typical, complete file: two languages, organisation, audience,
 * dependencies, contacts, Italian section (about 3 KB). */
static const char typical[] =
"publiccodeYmlVersion: \"0\"\n"
"name: Rendez-vous santé\n"
"applicationSuite: Santé en ligne\n"
"url: \"https://git.example.org/sante/rendez-vous\"\n"
"landingURL: \"https://rendez-vous.example.org\"\n"
"isBasedOn: \"https://github.com/example/agenda\"\n"
"softwareVersion: \"2.4.1\"\n"
"releaseDate: \"2024-02-29\"\n"
"organisation:\n"
"  name: Ministère des solidarités et de la santé\n"
"  uri: \"https://sante.gouv.fr\"\n"
"platforms:\n"
"  - web\n"
"  - linux\n"
"categories:\n"
"  - appointment-scheduling\n"
"  - data-collection\n"
"usedBy:\n"
"  - ARS Île-de-France\n"
"  - CPAM de Paris\n"
"fundedBy:\n"
"  - name: Direction du numérique\n"
"    uri: \"https://numerique.gouv.fr\"\n"
"roadmap: \"https://rendez-vous.example.org/roadmap\"\n"
"developmentStatus: stable\n"
"softwareType: standalone/web\n"
"supports:\n"
"  - id: \"alias:gdpr\"\n"
"intendedAudience:\n"
"  scope:\n"
"    - healthcare\n"
"    - government\n"
"  countries:\n"
"    - FR\n"
"    - BE\n"
"description:\n"
"  fr:\n"
"    localisedName: Rendez-vous santé\n"
"    shortDescription: Prise de rendez-vous pour les centres de santé.\n"
"    longDescription: >\n"
"      Rendez-vous santé permet aux centres de santé de publier leurs\n"
"      créneaux, aux patients de réserver en ligne, et aux équipes de suivre\n"
"      les annulations et les rappels envoyés par courriel ou par SMS. Les\n"
"      agendas se synchronisent avec les logiciels métier existants, les\n"
"      statistiques de fréquentation sont publiées en données ouvertes.\n"
"    documentation: \"https://rendez-vous.example.org/docs\"\n"
"    apiDocumentation: \"https://rendez-vous.example.org/api\"\n"
"    features:\n"
"      - Réservation en ligne\n"
"      - Rappels par SMS\n"
"      - Statistiques ouvertes\n"
"    videos:\n"
"      - \"https://www.youtube.com/watch?v=abcdefgh\"\n"
"    awards:\n"
"      - Prix de l'innovation publique 2024\n"
"  en:\n"
"    localisedName: Health appointments\n"
"    shortDescription: Appointment booking for health centres.\n"
"    longDescription: >\n"
"      Health appointments lets health centres publish their free slots,\n"
"      patients book online, and teams follow cancellations and reminders\n"
"      sent by email or text message. Calendars synchronise with existing\n"
"      business software, and attendance figures are published as open data.\n"
"    documentation: \"https://rendez-vous.example.org/docs/en\"\n"
"    features:\n"
"      - Online booking\n"
"      - Text message reminders\n"
"      - Open statistics\n"
"legal:\n"
"  license: EUPL-1.2 OR AGPL-3.0-or-later\n"
"  mainCopyrightOwner: Ministère des solidarités et de la santé\n"
"maintenance:\n"
"  type: community\n"
"  contacts:\n"
"    - name: Jeanne Martin\n"
"      email: jeanne.martin@sante.gouv.fr\n"
"      affiliation: DNUM\n"
"      phone: \"+33 1 00 00 00 00\"\n"
"    - name: Karim Benali\n"
"      email: karim.benali@sante.gouv.fr\n"
"localisation:\n"
"  localisationReady: true\n"
"  availableLanguages:\n"
"    - fr\n"
"    - en\n"
"    - de-CH\n"
"dependsOn:\n"
"  open:\n"
"    - name: PostgreSQL\n"
"      versionMin: \"13\"\n"
"    - name: Redis\n"
"      optional: true\n"
"  proprietary:\n"
"    - name: Passerelle SMS\n"
"      version: \"3\"\n"
"IT:\n"
"  countryExtensionVersion: \"1.0\"\n"
"  piattaforme:\n"
"    spid: false\n";

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Run `inventaire validate` (the library's cmd_validate) in a child, on
 * PATH through standard input when VIA_STDIN; print time and peak RSS. */
static void child_peak(const char *label, const char *path, bool via_stdin)
{
	struct rusage ru;
	double t0 = now();
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		char *argv[] = { "validate", (char *)(via_stdin ? "-" : path), NULL };
		int devnull = open("/dev/null", O_WRONLY);
		if (via_stdin) {
			int fd = open(path, O_RDONLY);
			dup2(fd, STDIN_FILENO);
		}
		dup2(devnull, STDOUT_FILENO);
		_exit(cmd_validate(2, argv));
	}
	wait4(pid, &status, 0, &ru);
	printf("%-44s exit %d, %.1f ms, peak RSS %.1f MB\n", label,
	       WEXITSTATUS(status), (now() - t0) * 1e3, (double)ru.ru_maxrss / 1024);
}

int main(void)
{
	struct pc_results r = PC_RESULTS_INIT;
	char path[] = "/tmp/bench_publiccode_XXXXXX";
	int n = 5000, fd;
	double t0, t;
	char chunk[1 << 16];

	/* warm-up, and make sure the typical file is valid */
	publiccode_validate(&r, typical, sizeof(typical) - 1, NULL);
	if (!pc_results_valid(&r) || r.n) {
		for (size_t i = 0; i < r.n; i++)
			fprintf(stderr, "%s\n", r.v[i].description);
		return 1;
	}
	pc_results_free(&r);
	t0 = now();
	for (int i = 0; i < n; i++) {
		publiccode_validate(&r, typical, sizeof(typical) - 1, NULL);
		pc_results_free(&r);
	}
	t = (now() - t0) / n;
	printf("typical %zu-byte publiccode.yml: %.1f us per validation "
	       "(%d runs)\n", sizeof(typical) - 1, t * 1e6, n);
	/* libyaml's share: the same text loaded into a document, nothing
	 * checked. */
	t0 = now();
	for (int i = 0; i < n; i++) {
		yaml_parser_t parser;
		yaml_document_t doc;

		yaml_parser_initialize(&parser);
		yaml_parser_set_input_string(&parser, (const unsigned char *)typical,
		                             sizeof(typical) - 1);
		if (yaml_parser_load(&parser, &doc))
			yaml_document_delete(&doc);
		yaml_parser_delete(&parser);
	}
	printf("  of which libyaml's parsing (yaml_parser_load): %.1f us\n",
	       (now() - t0) / n * 1e6);

	/* the 100 MB hostile file, written without holding it in memory */
	if ((fd = mkstemp(path)) < 0)
		return 1;
	if (write(fd, "publiccodeYmlVersion: \"0\"\nname: \"", 34) != 34)
		return 1;
	memset(chunk, 'x', sizeof(chunk));
	for (int i = 0; i < 1600; i++)
		if (write(fd, chunk, sizeof(chunk)) != (ssize_t)sizeof(chunk))
			return 1;
	if (write(fd, "\"\n", 2) != 2)
		return 1;
	close(fd);
	child_peak("100 MB file, by path (size checked first)", path, false);
	child_peak("100 MB file, on standard input (capped)", path, true);
	unlink(path);
	return 0;
}
