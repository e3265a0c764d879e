/*
 * i18n.h - messages in the user's language, through GNU gettext
 * (https://www.gnu.org/software/gettext/manual/): English is the source,
 * po/fr.po the French catalogue, chosen by LANGUAGE, LC_ALL, LC_MESSAGES
 * and LANG as gettext(3) says.
 *
 * Strings are translated at the few places they reach a person, not at
 * every call site: error_set() and its kin (lib/error.h), report_add()
 * (lib/report.h), cli_usage() and cli_error() (crawler/cli/cli.h) and
 * crawl_log() translate their format before formatting it. po/meson.build
 * declares them to xgettext as keywords. Elsewhere, _() marks a string
 * translated where it is used and N_() one translated later (a table).
 */
#ifndef INVENTAIRE_I18N_H
#define INVENTAIRE_I18N_H

/* The text domain: po/ builds inventaire.mo. */
#define I18N_DOMAIN "inventaire"

/*
 * MSGID in the user's language, or MSGID itself. Never NULL for a non-NULL
 * MSGID; "" and NULL are returned as they are (gettext("") would return
 * the catalogue's header).
 */
const char *i18n_text(const char *msgid) __attribute__((format_arg(1)));

/* MANY's or ONE's translation, as N asks in the user's language. */
const char *i18n_plural(const char *one, const char *many, unsigned long n)
	__attribute__((format_arg(1), format_arg(2)));

#define _(s) i18n_text(s)
#define N_(s) s
#define P_(one, many, n) i18n_plural(one, many, n)

/*
 * Take the language from the environment (LC_MESSAGES only: numbers,
 * dates and sorting stay in the C locale, as the JSON and CSV outputs need
 * them) and find the catalogue: in $INVENTAIRE_LOCALEDIR when it is set
 * and not empty (the build tree's po/, for tests: README.md, "Languages"),
 * else in the installed locale folder. Call once, first thing in main().
 */
void i18n_init(void);

#endif
