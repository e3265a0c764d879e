#include <stdio.h>
#include <string.h>
#include <curl/curl.h>
#include "version.h"
#include "cmd_list.h"
/* Temporary dispatch so that tests/cli/list.py can run `inventaire list`;
 * the integrator's main.c replaces this file. */
int main(int argc, char **argv)
{
	int rc;

	if (argc > 1 && !strcmp(argv[1], "list")) {
		curl_global_init(CURL_GLOBAL_DEFAULT);
		rc = cmd_list(argc - 1, argv + 1);
		curl_global_cleanup();
		return rc;
	}
	puts("inventaire " INVENTAIRE_VERSION);
	return 0;
}
