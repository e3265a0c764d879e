/*
 * rapport_build.c - the report's content, section after section, in the
 * order a reader meets them. The sections fill a document (rapport_doc.c)
 * that the HTML and Markdown printers then print alike.
 */
#include "output/rapport_int.h"

#include <string.h>

void rdoc_build(struct rdoc *d, const struct rapport *r,
                enum rapport_lang lang)
{
	memset(d, 0, sizeof(*d));
	d->lang = lang;
	rapport_section_summary(d, r);
	rapport_section_history(d, r);
	rapport_section_licenses(d, r);
	rapport_section_coverage(d, r);
	rapport_section_repositories(d, r);
	rapport_section_criteria(d, r);
}
