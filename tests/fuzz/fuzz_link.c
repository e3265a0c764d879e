/* fuzz_link.c - the Link header parser (forges/link.c, RFC 8288) on any
 * header value, resolved against a page URL. */
#include "tests/fuzz/fuzz.h"

#include "forges/forge_int.h"
#include "lib/error.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *header = fuzz_string(data, size), *next = NULL;

	forge_link_next(&next, header, "https://example.org/api/v4/groups/x/projects?page=1");
	free(next);
	free(header);
	error_clear();
	return 0;
}
