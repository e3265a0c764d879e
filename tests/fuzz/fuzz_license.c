/*
 * fuzz_license.c - licence identification on any file, never
 * NUL-terminated: text decoding and normalisation, matching against the
 * references, and the licence a README's section names
 * (crawler/license/). Byte 0 picks the file name, which decides the
 * normaliser (HTML, Markdown, plain) and the reader.
 */
#include "tests/fuzz/fuzz.h"

#include "crawler/license/license_declared.h"
#include "crawler/license/license_match.h"
#include "crawler/license/license_text.h"
#include "lib/error.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = {
		"LICENSE", "LICENSE.md", "LICENCE.html", "COPYING.txt",
		"README.md", "package.json", "Cargo.toml", "pyproject.toml",
	};
	const char *name;
	struct license_match m;
	struct license_declared d;
	char *buf;

	if (size < 1)
		return 0;
	name = names[data[0] & 7];
	buf = fuzz_exact(data + 1, size - 1);
	license_match(&m, buf, size - 1, name);
	/* The manifest and README readers take a length too; the inputs of
	 * corpus/license/crash-* read past the end once (strcspn, strstr). */
	if (license_declared_from_file(&d, name, buf, size - 1) == 0)
		license_declared_clear(&d);
	if (!strcmp(name, "README.md") &&
	    license_declared_from_readme(&d, name, buf, size - 1) == 0)
		license_declared_clear(&d);
	free(buf);
	error_clear();
	return 0;
}
