/*
 * license_section.h - the "License" section of a README, and the licences
 * a short text names (licensee's readme_file.rb and reference matcher).
 */
#ifndef INVENTAIRE_LICENSE_SECTION_H
#define INVENTAIRE_LICENSE_SECTION_H

#include <stddef.h>

/*
 * The section of DATA[0..len) under a heading that names the licence
 * ("## License", "Licence\n=======", "== Licensing", "**License**"), up to
 * the next heading of the same or a higher level: *SEC and *N, and *LINE,
 * the 1-based line of the heading. Never reads DATA[len] or past it.
 * 0, or ERROR_NOTFOUND when there is no such section or it is empty.
 */
int license_section_find(const char **sec, size_t *n, unsigned *line,
                         const char *data, size_t len);

/*
 * The licences that TEXT[0..len) names by name or SPDX id ("the MIT
 * License", "EUPL-1.2") or by link ("https://opensource.org/licenses/MIT",
 * "http://www.apache.org/licenses/LICENSE-2.0"), as an SPDX expression:
 * joined by OR when the text offers a choice ("dual", "either", "au
 * choix"), by AND otherwise; "-or-later" when it says "or any later
 * version". NULL when it names none. Caller frees.
 */
char *license_section_names(const char *text, size_t len);

#endif
