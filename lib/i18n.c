/* i18n.c - gettext set-up (i18n.h). */
#include "lib/i18n.h"

#include <libintl.h>
#include <locale.h>
#include <stdlib.h>

#include "version.h"

const char *i18n_text(const char *msgid)
{
	if (!msgid || !*msgid)
		return msgid;
	return dgettext(I18N_DOMAIN, msgid);
}

const char *i18n_plural(const char *one, const char *many, unsigned long n)
{
	return dngettext(I18N_DOMAIN, one, many, n);
}

void i18n_init(void)
{
	const char *dir = getenv("INVENTAIRE_LOCALEDIR");

	/* LC_MESSAGES alone: LC_NUMERIC would print 98,6 in the JSON. */
	setlocale(LC_MESSAGES, "");
	bindtextdomain(I18N_DOMAIN, dir && *dir ? dir : INVENTAIRE_LOCALEDIR);
	/* LC_CTYPE stays "C": say the bytes we want, for our catalogue and for
	 * the C library's own (strerror()). */
	bind_textdomain_codeset(I18N_DOMAIN, "UTF-8");
	bind_textdomain_codeset("libc", "UTF-8");
	textdomain(I18N_DOMAIN);
}
