/*
 * badge.h - the badge a team puts in its README (`inventaire check --badge
 * FILE.svg`): a static SVG that reads "code.gouv.fr : conforme" (green)
 * or "code.gouv.fr : non conforme" (red).
 *
 * Conforme means: no error-level finding once the repository's settings
 * are applied (a silenced finding does not count), whatever --fail-on says.
 */
#ifndef INVENTAIRE_BADGE_H
#define INVENTAIRE_BADGE_H

#include <stdbool.h>

#include "lib/buf.h"
#include "lib/report.h"

/* Whether R makes the badge say "conforme". */
bool badge_conforme(const struct report *r);

/* The badge's SVG document, appended to OUT. */
void badge_svg(struct buf *out, bool conforme);

/* Write the badge to PATH, whole or not at all (lib/file.h). 0, or a
 * negative lib/error.h code with error_last() naming PATH. */
int badge_write(const char *path, bool conforme);

#endif
