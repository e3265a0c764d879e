/* fuzz_accounts.c - the accounts list and the actors file (config/) on any
 * bytes: a clear error or a list, never a crash nor a long wait. */
#include "tests/fuzz/fuzz.h"

#include "config/config.h"
#include "lib/error.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct accounts a;
	struct actors act;
	char *buf = fuzz_exact(data, size);

	if (accounts_parse(&a, "fuzz.yml", buf, size, "2026-01-01") == 0)
		accounts_clear(&a);
	if (actors_parse(&act, "fuzz.yml", buf, size) == 0)
		actors_clear(&act);
	free(buf);
	error_clear();
	return 0;
}
