/* fuzz_spdx.c - SPDX license expressions (crawler/license/spdx.c, SPDX
 * 2.3 annex D): any text parses or is refused, and what parses prints
 * back to a text that parses to the same. */
#include "tests/fuzz/fuzz.h"

#include "crawler/license/spdx.h"
#include "lib/error.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size);
	struct spdx_expr *e = NULL, *again = NULL;

	if (spdx_parse(&e, s) == 0) {
		char *text = spdx_format(e), *text2;

		/* the canonical form is a fixed point */
		if (spdx_parse(&again, text) != 0)
			abort();
		text2 = spdx_format(again);
		if (strcmp(text, text2))
			abort();
		free(text2);
		free(text);
		spdx_free(again);
		spdx_free(e);
	}
	free(s);
	error_clear();
	return 0;
}
