/* fuzz_publiccode.c - the publiccode.yml validator
 * (crawler/publiccode/publiccode.h) on any bytes, without the network. */
#include "tests/fuzz/fuzz.h"

#include "crawler/publiccode/publiccode.h"
#include "lib/error.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pc_results r = PC_RESULTS_INIT;
	struct pc_opts o = { .network = false };
	char *buf = fuzz_exact(data, size);

	publiccode_validate(&r, buf, size, &o);
	pc_results_free(&r);
	free(buf);
	error_clear();
	return 0;
}
