/*
 * rapport_i18n.c - every string of the report, one table per language,
 * and numbers written the way each language writes them.
 *
 * French is the default: the report is read by the ministry's office.
 * French typography (Imprimerie nationale, "Lexique des règles
 * typographiques"): a decimal comma, a narrow no-break space (U+202F)
 * between thousands and before "%", ":" and ";". The tables are kept
 * together here so that they can move to gettext catalogues whole; a
 * format takes only %s, in the same order in both languages (a test
 * checks both tables).
 */
#include "output/rapport_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/alloc.h"
#include "lib/buf.h"

#define NNBSP "\xe2\x80\xaf"   /* U+202F NARROW NO-BREAK SPACE */

static const char *const fr[M__COUNT] = {
	[M_LANG] = "fr",
	[M_TITLE] = "Rapport de conformité du code source public",
	[M_INTRO] = "Crawl du %s" NNBSP ": %s dépôts de %s acteurs sur %s "
	            "forges. %s dépôts conformes, soit %s des dépôts vérifiés.",
	[M_INTRO_NONE] = "Crawl du %s" NNBSP ": aucun dépôt trouvé.",
	[M_TOC] = "Sommaire",
	[M_FOOTER] = "Produit par inventaire %s à partir du crawl du %s.",
	[M_NA] = "n/d",
	[M_YES] = "oui",
	[M_NO] = "non",
	[M_NONE] = "aucune",
	[M_UNKNOWN_ACTOR] = "Acteur inconnu",
	[M_ERROR] = "erreur",
	[M_WARNING] = "avertissement",
	[M_INFO] = "info",
	[M_SUMMARY] = "Synthèse",
	[M_KEY_FIGURES] = "Indicateurs de l'ensemble des dépôts",
	[M_INDICATOR] = "Indicateur",
	[M_COUNT] = "Nombre",
	[M_SHARE] = "Part",
	[M_REPOS] = "Dépôts",
	[M_CHECKED] = "Dépôts vérifiés",
	[M_LICENSE_OK] = "Licence autorisée",
	[M_README] = "README",
	[M_PUBLICCODE_VALID] = "publiccode.yml valide",
	[M_CONFORME] = "Conformes",
	[M_ARCHIVED] = "Archivés",
	[M_FORKED] = "Forks",
	[M_STALE_REPOS] = "Conservés d'un crawl précédent",
	[M_BY_MINISTRY] = "Par ministère",
	[M_MINISTRY] = "Ministère",
	[M_NO_MINISTRY] = "Sans ministère connu",
	[M_BY_FORGE] = "Par forge",
	[M_FORGE] = "Forge",
	[M_KIND] = "Type",
	[M_BY_ACTOR] = "Par acteur",
	[M_GROUP] = "Groupe",
	[M_ACTOR] = "Acteur",
	[M_ACCOUNTS] = "Comptes",
	[M_SHARES_NOTE] = "Licence, README, publiccode.yml et conformité"
	                  NNBSP ": part des dépôts vérifiés. Archivés et "
	                  "forks" NNBSP ": part de tous les dépôts.",
	[M_CHART_ACTORS_TITLE] = "Conformité par acteur",
	[M_CHART_ACTORS_DESC] = "Barres horizontales, une par critère et par "
	                        "acteur" NNBSP ": part des dépôts vérifiés avec "
	                        "une licence autorisée, un README et un "
	                        "publiccode.yml valide. Les chiffres sont dans le "
	                        "tableau «" NNBSP "Par acteur" NNBSP "».",
	[M_CHART_ACTORS_PART] = "Conformité par acteur (%s sur %s)",
	[M_HISTORY] = "Évolution",
	[M_HISTORY_ONE] = "L'historique ne compte qu'un crawl" NNBSP ": "
	                  "l'évolution se dessinera au suivant.",
	[M_DATE] = "Date",
	[M_CHART_HISTORY_TITLE] = "Indicateurs au fil des crawls",
	[M_CHART_HISTORY_DESC] = "Courbes de la part des dépôts vérifiés avec "
	                         "une licence autorisée, un README, un "
	                         "publiccode.yml valide, et des dépôts "
	                         "conformes, à chaque crawl. Les chiffres sont "
	                         "dans le tableau qui suit.",
	[M_LICENSES] = "Licences",
	[M_FAMILY] = "Famille",
	[M_LICENSE_IDS] = "Licences (identifiants SPDX)",
	[M_CHART_LICENSES_TITLE] = "Dépôts par famille de licence",
	[M_CHART_LICENSES_DESC] = "Barres horizontales du nombre de dépôts de "
	                          "chaque famille de licence. Les chiffres sont "
	                          "dans le tableau qui suit.",
	[M_FAM_PERMISSIVE] = "Autorisée, permissive",
	[M_FAM_RECIPROCAL] = "Autorisée, avec réciprocité",
	[M_FAM_PUBLIC_INFO] = "Autorisée, informations publiques",
	[M_FAM_OTHER] = "Hors de la liste",
	[M_FAM_UNIDENTIFIED] = "Non identifiée",
	[M_FAM_NONE] = "Sans licence",
	[M_FAM_UNCHECKED] = "Non vérifié",
	[M_COVERAGE] = "Couverture",
	[M_NO_ACCOUNT] = "Acteurs sans compte",
	[M_NO_ACCOUNT_INTRO] = "Ces acteurs n'ont aucun compte connu sur une "
	                       "forge" NNBSP ": ce sont ceux que l'action A251 "
	                       "de la feuille de route ministérielle demande "
	                       "d'accompagner en premier.",
	[M_NO_ACCOUNT_NONE] = "Tous les acteurs ont au moins un compte.",
	[M_BAD_ACCOUNTS] = "Comptes injoignables ou vides",
	[M_BAD_ACCOUNTS_NONE] = "Tous les comptes ont été listés et ont au "
	                        "moins un dépôt.",
	[M_ACCOUNT] = "Compte",
	[M_STATUS] = "État",
	[M_UNREACHABLE] = "injoignable",
	[M_EMPTY] = "vide",
	[M_WHOLE_FORGE] = "(toute la forge)",
	[M_STALE] = "Dépôts conservés d'un crawl précédent",
	[M_STALE_INTRO] = "Leur compte n'a pas pu être listé" NNBSP ": les "
	                  "résultats du dernier crawl qui les a vus sont "
	                  "conservés.",
	[M_STALE_NONE] = "Aucun" NNBSP ": tous les comptes ont été listés.",
	[M_LAST_SEEN] = "Vu pour la dernière fois",
	[M_UNCHECKED] = "Dépôts non vérifiés",
	[M_UNCHECKED_NONE] = "Aucun" NNBSP ": tous les dépôts ont été vérifiés.",
	[M_PROBE_ERROR] = "Erreur",
	[M_SEARCHES] = "Acteurs par recherche de comptes",
	[M_SEARCH] = "Recherche de comptes",
	[M_ACTORS] = "Acteurs",
	[M_SEARCHES_LISTED] = "Comptes listés",
	[M_SEARCHES_CANDIDATES] = "Recherchés, candidats à examiner",
	[M_SEARCHES_NONE_FOUND] = "Recherchés, aucun compte trouvé",
	[M_SEARCHES_NOT_SEARCHED] = "Pas encore recherchés",
	[M_SEARCH_LISTED] = "comptes listés",
	[M_SEARCH_CANDIDATE] = "%s candidat à examiner (inventaire discover)",
	[M_SEARCH_CANDIDATES] = "%s candidats à examiner (inventaire discover)",
	[M_SEARCH_NONE_FOUND] = "recherché le %s" NNBSP ": aucun compte trouvé",
	[M_SEARCH_NOT_SEARCHED] = "pas encore recherché",
	[M_REPOSITORIES] = "Dépôts par acteur",
	[M_REPOSITORIES_INTRO] = "Les dépôts les plus en défaut d'abord. "
	                         "Chaque constat est suivi de sa correction.",
	[M_ACTOR_REPOS] = "%s \xe2\x80\x94 dépôts" NNBSP ": %s, conformes" NNBSP ": %s",
	[M_REPO] = "Dépôt",
	[M_LICENSE] = "Licence",
	[M_PUBLICCODE] = "publiccode.yml",
	[M_STATE] = "État",
	[M_TO_FIX] = "À corriger",
	[M_PC_VALID] = "valide",
	[M_PC_INVALID] = "invalide",
	[M_PC_ABSENT] = "absent",
	[M_FORK] = "fork",
	[M_STALE_SINCE] = "conservé (vu le %s)",
	[M_NOT_CHECKED] = "non vérifié",
	[M_NOTHING_TO_FIX] = "rien",
	[M_NO_REPOSITORY] = "Aucun dépôt.",
	[M_CRITERIA] = "Critères",
	[M_CRITERIA_INTRO] = "Un dépôt est «" NNBSP "conforme" NNBSP "» quand "
	                     "il remplit les trois critères suivants" NNBSP ":",
	[M_CRIT_LICENSE] = "une licence autorisée" NNBSP ": le code source "
	                   "d'une administration est un document administratif "
	                   "communicable et réutilisable (CRPA, art. L. 300-2)" NNBSP
	                   "; quand elle en fixe la licence, elle la choisit "
	                   "dans la liste de l'article D. 323-2-1 du CRPA "
	                   "(art. L. 323-2). Constats comptés" NNBSP ": "
	                   "license.missing, license.not-authorized, "
	                   "license.unidentified" NNBSP "; une licence non "
	                   "identifiée ne compte pas comme autorisée.",
	[M_CRIT_README] = "un README à la racine, qui n'est ni vide ni illisible "
	                  "(readme.missing, readme.empty, readme.unreadable).",
	[M_CRIT_PUBLICCODE] = "pas de publiccode.yml invalide" NNBSP ": le "
	                      "fichier est facultatif, mais un fichier présent "
	                      "doit être valide au sens du standard "
	                      "publiccode.yml, tel que l'applique son analyseur "
	                      "de référence (publiccode.invalid).",
	[M_CRITERIA_OTHERS] = "Les autres constats (fichiers communautaires, "
	                      "avertissements) sont listés avec leur correction "
	                      "mais ne comptent pas dans la conformité.",
	[M_CRITERIA_RATES] = "Les taux de conformité portent sur les dépôts "
	                     "vérifiés" NNBSP ": un dépôt que la sonde n'a pas pu "
	                     "lire n'a pas de verdict et figure dans la "
	                     "couverture. Les parts d'archivés et de forks "
	                     "portent sur tous les dépôts.",
	[M_CRITERIA_FORKS] = "L'obligation de choisir dans la liste ne vaut que "
	                     "lorsque l'administration fixe la licence" NNBSP ": "
	                     "une contribution à un projet existant, un fork "
	                     "notamment, garde la licence du projet.",
	[M_REFERENCES] = "Références",
	[M_REF_D323] = "Code des relations entre le public et l'administration, "
	               "article D. 323-2-1 (Légifrance)",
	[M_REF_DECREE] = "Décret n° 2017-638 du 27 avril 2017 relatif aux "
	                 "licences de réutilisation à titre gratuit des "
	                 "informations publiques (Légifrance)",
	[M_REF_LIST] = "Licences de réutilisation, avec leurs identifiants SPDX "
	               "(data.gouv.fr)",
	[M_REF_PUBLICCODE] = "Standard publiccode.yml",
	[M_REF_CODEGOUV] = "code.gouv.fr, le catalogue des codes sources du "
	                   "secteur public",
	[M_FIGURE_IN_HTML] = "Graphique dans rapport.html",
	[M_GROUP_MINISTRY] = "Ministères",
	[M_GROUP_CENTRAL] = "Administration centrale",
	[M_GROUP_AGENCY] = "Agences et opérateurs",
	[M_GROUP_ARS] = "Agences régionales de santé",
	[M_GROUP_SOCIAL_SECURITY] = "Sécurité sociale",
	[M_GROUP_HOSPITAL] = "Établissements de santé",
	[M_GROUP_GIP] = "Groupements d'intérêt public",
	[M_GROUP_OTHER] = "Autres",
	[M_ARCHIVED_ONE] = "archivé",
	[M_CH_ADDED] = "Nouveau dépôt" NNBSP ": %s",
	[M_CH_REMOVED] = "Dépôt supprimé" NNBSP ": %s",
	[M_CH_RENAMED] = "Dépôt renommé" NNBSP ": %s → %s",
	[M_CH_TRANSFERRED] = "Dépôt transféré" NNBSP ": %s → %s",
	[M_CH_ARCHIVED] = "Dépôt archivé" NNBSP ": %s",
	[M_CH_UNARCHIVED] = "Dépôt désarchivé" NNBSP ": %s",
	[M_CH_LICENSE] = "Licence changée" NNBSP ": %s (%s → %s)",
	[M_CH_PUBLICCODE_ADDED] = "publiccode.yml ajouté" NNBSP ": %s (%s)",
	[M_CH_PUBLICCODE_INVALID] = "publiccode.yml devenu invalide" NNBSP ": %s",
	[M_CH_ACCOUNT_UNREACHABLE] = "Compte injoignable" NNBSP ": %s",
	[M_CH_FEED_TITLE] = "Inventaire du code source public" NNBSP ": "
	                    "changements du %s au %s",
	[M_CH_FEED_TITLE_FIRST] = "Inventaire du code source public" NNBSP ": "
	                          "premier crawl, le %s",
	[M_CH_FEED_SUBTITLE] = "Dépôts nouveaux, supprimés, renommés, "
	                       "transférés, archivés" NNBSP "; licences et "
	                       "publiccode.yml changés" NNBSP "; comptes devenus "
	                       "injoignables.",
};

static const char *const en[M__COUNT] = {
	[M_LANG] = "en",
	[M_TITLE] = "Public source code compliance report",
	[M_INTRO] = "Crawl of %s: %s repositories of %s actors on %s forges. "
	            "%s compliant repositories, %s of those checked.",
	[M_INTRO_NONE] = "Crawl of %s: no repository found.",
	[M_TOC] = "Contents",
	[M_FOOTER] = "Made by inventaire %s from the crawl of %s.",
	[M_NA] = "n/a",
	[M_YES] = "yes",
	[M_NO] = "no",
	[M_NONE] = "none",
	[M_UNKNOWN_ACTOR] = "Unknown actor",
	[M_ERROR] = "error",
	[M_WARNING] = "warning",
	[M_INFO] = "info",
	[M_SUMMARY] = "Summary",
	[M_KEY_FIGURES] = "Indicators over all repositories",
	[M_INDICATOR] = "Indicator",
	[M_COUNT] = "Count",
	[M_SHARE] = "Share",
	[M_REPOS] = "Repositories",
	[M_CHECKED] = "Checked repositories",
	[M_LICENSE_OK] = "Authorised licence",
	[M_README] = "README",
	[M_PUBLICCODE_VALID] = "Valid publiccode.yml",
	[M_CONFORME] = "Compliant",
	[M_ARCHIVED] = "Archived",
	[M_FORKED] = "Forks",
	[M_STALE_REPOS] = "Kept from an earlier crawl",
	[M_BY_MINISTRY] = "By ministry",
	[M_MINISTRY] = "Ministry",
	[M_NO_MINISTRY] = "No known ministry",
	[M_BY_FORGE] = "By forge",
	[M_FORGE] = "Forge",
	[M_KIND] = "Kind",
	[M_BY_ACTOR] = "By actor",
	[M_GROUP] = "Group",
	[M_ACTOR] = "Actor",
	[M_ACCOUNTS] = "Accounts",
	[M_SHARES_NOTE] = "Licence, README, publiccode.yml and compliance: share "
	                  "of the checked repositories. Archived and forks: "
	                  "share of all repositories.",
	[M_CHART_ACTORS_TITLE] = "Compliance by actor",
	[M_CHART_ACTORS_DESC] = "Horizontal bars, one per criterion and actor: "
	                        "the share of checked repositories with an "
	                        "authorised licence, a README and a valid "
	                        "publiccode.yml. The figures are in the table "
	                        "\"By actor\".",
	[M_CHART_ACTORS_PART] = "Compliance by actor (%s of %s)",
	[M_HISTORY] = "Over time",
	[M_HISTORY_ONE] = "The history holds one crawl only: the trend will "
	                  "show from the next one.",
	[M_DATE] = "Date",
	[M_CHART_HISTORY_TITLE] = "Indicators crawl after crawl",
	[M_CHART_HISTORY_DESC] = "Lines of the share of checked repositories "
	                         "with an authorised licence, a README, a valid "
	                         "publiccode.yml, and of compliant repositories, "
	                         "at each crawl. The figures are in the table "
	                         "that follows.",
	[M_LICENSES] = "Licences",
	[M_FAMILY] = "Family",
	[M_LICENSE_IDS] = "Licences (SPDX ids)",
	[M_CHART_LICENSES_TITLE] = "Repositories by licence family",
	[M_CHART_LICENSES_DESC] = "Horizontal bars of the number of "
	                          "repositories in each licence family. The "
	                          "figures are in the table that follows.",
	[M_FAM_PERMISSIVE] = "Authorised, permissive",
	[M_FAM_RECIPROCAL] = "Authorised, reciprocal",
	[M_FAM_PUBLIC_INFO] = "Authorised, public information",
	[M_FAM_OTHER] = "Not on the list",
	[M_FAM_UNIDENTIFIED] = "Unidentified",
	[M_FAM_NONE] = "No licence",
	[M_FAM_UNCHECKED] = "Not checked",
	[M_COVERAGE] = "Coverage",
	[M_NO_ACCOUNT] = "Actors with no account",
	[M_NO_ACCOUNT_INTRO] = "These actors have no known account on any "
	                       "forge: they are the ones action A251 of the "
	                       "ministry's roadmap asks to help first.",
	[M_NO_ACCOUNT_NONE] = "Every actor has at least one account.",
	[M_BAD_ACCOUNTS] = "Unreachable or empty accounts",
	[M_BAD_ACCOUNTS_NONE] = "Every account was listed and has at least one "
	                        "repository.",
	[M_ACCOUNT] = "Account",
	[M_STATUS] = "Status",
	[M_UNREACHABLE] = "unreachable",
	[M_EMPTY] = "empty",
	[M_WHOLE_FORGE] = "(the whole forge)",
	[M_STALE] = "Repositories kept from an earlier crawl",
	[M_STALE_INTRO] = "Their account could not be listed: the results of "
	                  "the last crawl that saw them are kept.",
	[M_STALE_NONE] = "None: every account was listed.",
	[M_LAST_SEEN] = "Last seen",
	[M_UNCHECKED] = "Repositories not checked",
	[M_UNCHECKED_NONE] = "None: every repository was checked.",
	[M_PROBE_ERROR] = "Error",
	[M_SEARCHES] = "Actors by search for accounts",
	[M_SEARCH] = "Search for accounts",
	[M_ACTORS] = "Actors",
	[M_SEARCHES_LISTED] = "Accounts listed",
	[M_SEARCHES_CANDIDATES] = "Searched, candidates to review",
	[M_SEARCHES_NONE_FOUND] = "Searched, none found",
	[M_SEARCHES_NOT_SEARCHED] = "Not searched yet",
	[M_SEARCH_LISTED] = "accounts listed",
	[M_SEARCH_CANDIDATE] = "%s candidate to review (inventaire discover)",
	[M_SEARCH_CANDIDATES] = "%s candidates to review (inventaire discover)",
	[M_SEARCH_NONE_FOUND] = "searched on %s: no account found",
	[M_SEARCH_NOT_SEARCHED] = "not searched yet",
	[M_REPOSITORIES] = "Repositories by actor",
	[M_REPOSITORIES_INTRO] = "The repositories most in need first. Each "
	                         "finding comes with its fix.",
	[M_ACTOR_REPOS] = "%s \xe2\x80\x94 repositories: %s, compliant: %s",
	[M_REPO] = "Repository",
	[M_LICENSE] = "Licence",
	[M_PUBLICCODE] = "publiccode.yml",
	[M_STATE] = "State",
	[M_TO_FIX] = "To fix",
	[M_PC_VALID] = "valid",
	[M_PC_INVALID] = "invalid",
	[M_PC_ABSENT] = "absent",
	[M_FORK] = "fork",
	[M_STALE_SINCE] = "kept (seen %s)",
	[M_NOT_CHECKED] = "not checked",
	[M_NOTHING_TO_FIX] = "nothing",
	[M_NO_REPOSITORY] = "No repository.",
	[M_CRITERIA] = "Criteria",
	[M_CRITERIA_INTRO] = "A repository is \"compliant\" (conforme) when it "
	                     "meets the three criteria below:",
	[M_CRIT_LICENSE] = "an authorised licence: an administration's source "
	                   "code is an administrative document, open to access "
	                   "and reuse (CRPA, art. L. 300-2); when the "
	                   "administration sets its licence, it picks one from "
	                   "the list of article D. 323-2-1 of the CRPA (art. L. "
	                   "323-2). Findings counted: license.missing, "
	                   "license.not-authorized, license.unidentified; an "
	                   "unidentified licence does not count as authorised.",
	[M_CRIT_README] = "a README at the root, neither empty nor unreadable "
	                  "(readme.missing, readme.empty, readme.unreadable).",
	[M_CRIT_PUBLICCODE] = "no invalid publiccode.yml: the file is optional, "
	                      "but one that is there must be valid under the "
	                      "publiccode.yml standard, as its reference parser "
	                      "applies it (publiccode.invalid).",
	[M_CRITERIA_OTHERS] = "The other findings (community files, warnings) "
	                      "are listed with their fix but do not count for "
	                      "compliance.",
	[M_CRITERIA_RATES] = "Compliance rates are over the checked "
	                     "repositories: a repository the probe could not "
	                     "read has no verdict and is listed under coverage. "
	                     "The archived and fork shares are over all "
	                     "repositories.",
	[M_CRITERIA_FORKS] = "The list binds only where the administration sets "
	                     "the licence: a contribution to an existing "
	                     "project, a fork in particular, keeps that "
	                     "project's licence.",
	[M_REFERENCES] = "References",
	[M_REF_D323] = "Code des relations entre le public et l'administration, "
	               "article D. 323-2-1 (Légifrance)",
	[M_REF_DECREE] = "Decree no. 2017-638 of 27 April 2017 on the licences "
	                 "for free reuse of public information (Légifrance)",
	[M_REF_LIST] = "Reuse licences, with their SPDX ids (data.gouv.fr)",
	[M_REF_PUBLICCODE] = "The publiccode.yml standard",
	[M_REF_CODEGOUV] = "code.gouv.fr, the catalogue of the public sector's "
	                   "source code",
	[M_FIGURE_IN_HTML] = "Chart in rapport.html",
	[M_GROUP_MINISTRY] = "Ministries",
	[M_GROUP_CENTRAL] = "Central administration",
	[M_GROUP_AGENCY] = "Agencies and operators",
	[M_GROUP_ARS] = "Regional health agencies",
	[M_GROUP_SOCIAL_SECURITY] = "Social security",
	[M_GROUP_HOSPITAL] = "Hospitals",
	[M_GROUP_GIP] = "Public interest groups",
	[M_GROUP_OTHER] = "Others",
	[M_ARCHIVED_ONE] = "archived",
	[M_CH_ADDED] = "New repository: %s",
	[M_CH_REMOVED] = "Repository removed: %s",
	[M_CH_RENAMED] = "Repository renamed: %s → %s",
	[M_CH_TRANSFERRED] = "Repository transferred: %s → %s",
	[M_CH_ARCHIVED] = "Repository archived: %s",
	[M_CH_UNARCHIVED] = "Repository unarchived: %s",
	[M_CH_LICENSE] = "Licence changed: %s (%s → %s)",
	[M_CH_PUBLICCODE_ADDED] = "publiccode.yml added: %s (%s)",
	[M_CH_PUBLICCODE_INVALID] = "publiccode.yml turned invalid: %s",
	[M_CH_ACCOUNT_UNREACHABLE] = "Account unreachable: %s",
	[M_CH_FEED_TITLE] = "Public source code inventory: changes from %s "
	                    "to %s",
	[M_CH_FEED_TITLE_FIRST] = "Public source code inventory: first crawl, "
	                          "on %s",
	[M_CH_FEED_SUBTITLE] = "Repositories new, removed, renamed, "
	                       "transferred, archived; licences and "
	                       "publiccode.yml changed; accounts that became "
	                       "unreachable.",
};

static const char *const *const tables[RAPPORT_NLANGS] = { fr, en };

const char *rapport_tr(enum rapport_lang lang, enum rapport_msg m)
{
	const char *s = (unsigned)m < M__COUNT ? tables[lang][m] : NULL;

	return s ? s : "?";
}

char *rapport_trf(enum rapport_lang lang, enum rapport_msg m, ...)
{
	va_list ap;
	char *s;

	va_start(ap, m);
	s = xvasprintf(rapport_tr(lang, m), ap);
	va_end(ap);
	return s;
}

/* The one-line fix of each rule (README.md "Rules"): the checks' own fixes
 * are in English and name this repository's files; these say what to do
 * in a sentence, in both languages. */
static const struct {
	const char *rule;
	const char *fix[RAPPORT_NLANGS];
} fixes[] = {
	{ "license.missing", {
	  "Ajoutez un fichier LICENSE avec une licence de la liste D. 323-2-1 "
	  "(EUPL-1.2, MIT, Apache-2.0…).",
	  "Add a LICENSE file with a licence from the D. 323-2-1 list "
	  "(EUPL-1.2, MIT, Apache-2.0...)." } },
	{ "license.not-a-file", {
	  "Remplacez le chemin LICENSE (dossier, sous-module ou lien sortant) "
	  "par le texte de la licence.",
	  "Replace the LICENSE path (a folder, submodule or outside link) with "
	  "the licence text." } },
	{ "license.unidentified", {
	  "Reprenez le texte exact de la licence, sans le modifier.",
	  "Use the licence's exact text, unmodified." } },
	{ "license.not-authorized", {
	  "Choisissez une licence de la liste D. 323-2-1, sauf si un projet "
	  "amont impose la sienne.",
	  "Pick a licence from the D. 323-2-1 list, unless an upstream project "
	  "sets its own." } },
	{ "license.mismatch", {
	  "Mettez d'accord le fichier de licence, les manifestes, "
	  "publiccode.yml et la forge.",
	  "Make the licence file, the manifests, publiccode.yml and the forge "
	  "agree." } },
	{ "license.multiple", {
	  "Dites comment les licences se combinent (expression SPDX, REUSE).",
	  "Say how the licences combine (an SPDX expression, REUSE)." } },
	{ "readme.missing", {
	  "Ajoutez un README.md" NNBSP ": ce que fait le logiciel, pour qui, "
	  "comment l'installer et y contribuer.",
	  "Add a README.md: what the software does, for whom, how to install "
	  "it and contribute." } },
	{ "readme.empty", {
	  "Rédigez le README" NNBSP ": il est vide.",
	  "Write the README: it is empty." } },
	{ "readme.too-short", {
	  "Complétez le README" NNBSP ": il se résume à un titre.",
	  "Complete the README: it is a title only." } },
	{ "readme.unreadable", {
	  "Remplacez le lien README par le fichier lui-même.",
	  "Replace the README link with the file itself." } },
	{ "publiccode.missing", {
	  "Ajoutez un publiccode.yml pour figurer dans les catalogues.",
	  "Add a publiccode.yml to be listed in the catalogues." } },
	{ "publiccode.yaml-extension", {
	  "Renommez publiccode.yaml en publiccode.yml.",
	  "Rename publiccode.yaml to publiccode.yml." } },
	{ "publiccode.invalid", {
	  "Corrigez publiccode.yml" NNBSP ": « inventaire validate » donne "
	  "chaque erreur.",
	  "Fix publiccode.yml: \"inventaire validate\" lists each error." } },
	{ "publiccode.url-mismatch", {
	  "Donnez à url l'adresse de ce dépôt.",
	  "Set url to this repository's address." } },
	{ "community.contributing-missing", {
	  "Ajoutez un CONTRIBUTING.md" NNBSP ": comment contribuer.",
	  "Add a CONTRIBUTING.md: how to contribute." } },
	{ "community.changelog-missing", {
	  "Ajoutez un CHANGELOG.md.", "Add a CHANGELOG.md." } },
	{ "community.code-of-conduct-missing", {
	  "Ajoutez un CODE_OF_CONDUCT.md.", "Add a CODE_OF_CONDUCT.md." } },
	{ "community.security-missing", {
	  "Ajoutez un SECURITY.md" NNBSP ": comment signaler une faille.",
	  "Add a SECURITY.md: how to report a vulnerability." } },
	{ "repository.no-commits", {
	  "Poussez au moins un commit sur la branche par défaut.",
	  "Push at least one commit to the default branch." } },
	{ "repository.head-missing", {
	  "Faites pointer HEAD vers une branche qui existe.",
	  "Point HEAD to a branch that exists." } },
	{ "file.too-large", {
	  "Gardez ce fichier sous 1" NNBSP "Mio pour qu'il soit lu.",
	  "Keep the file under 1 MiB so that it is read." } },
};

const char *rapport_fix(enum rapport_lang lang, const char *rule)
{
	for (size_t i = 0; rule && i < sizeof(fixes) / sizeof(*fixes); i++)
		if (!strcmp(fixes[i].rule, rule))
			return fixes[i].fix[lang];
	return NULL;
}

const char *rapport_level_name(enum rapport_lang lang, enum level level)
{
	return rapport_tr(lang, level == LEVEL_ERROR ? M_ERROR
	                  : level == LEVEL_WARNING ? M_WARNING : M_INFO);
}

const char *rapport_family_name(enum rapport_lang lang,
                                enum rapport_family f)
{
	static const enum rapport_msg m[RAPPORT_NFAMILIES] = {
		M_FAM_PERMISSIVE, M_FAM_RECIPROCAL, M_FAM_PUBLIC_INFO, M_FAM_OTHER,
		M_FAM_UNIDENTIFIED, M_FAM_NONE, M_FAM_UNCHECKED,
	};

	return rapport_tr(lang, m[f]);
}

/* The "group" keys of config/actors.yml (config/config.h, enum
 * actor_group), in its order. */
static const char *const groups[] = {
	"ministry", "central", "agency", "ars", "social-security", "hospital",
	"gip", "other",
};
#define NGROUPS (sizeof(groups) / sizeof(*groups))

int rapport_group_rank(const char *group)
{
	for (size_t i = 0; group && i < NGROUPS; i++)
		if (!strcmp(group, groups[i]))
			return (int)i;
	return (int)NGROUPS;
}

const char *rapport_group_name(enum rapport_lang lang, const char *group)
{
	size_t rank = (size_t)rapport_group_rank(group);

	if (rank < NGROUPS)
		return rapport_tr(lang, (enum rapport_msg)(M_GROUP_MINISTRY + rank));
	return group ? group : "";
}

char *rapport_count(enum rapport_lang lang, unsigned long n)
{
	char digits[32], *p;
	struct buf b = BUF_INIT;
	size_t len;

	snprintf(digits, sizeof(digits), "%lu", n);
	len = strlen(digits);
	for (size_t i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			buf_adds(&b, lang == RAPPORT_FR ? NNBSP : ",");
		buf_addc(&b, digits[i]);
	}
	p = buf_detach(&b);
	return p;
}

char *rapport_pct(enum rapport_lang lang, double rate)
{
	char s[32], *dot;

	if (rate < 0)
		return xstrdup(rapport_tr(lang, M_NA));
	snprintf(s, sizeof(s), "%.1f", rate);
	if (lang == RAPPORT_FR && (dot = strchr(s, '.')))
		*dot = ',';
	return xasprintf("%s%s", s, rapport_pct_suffix(lang));
}

char *rapport_share(enum rapport_lang lang, unsigned long n, unsigned long d)
{
	char *c = rapport_count(lang, n), *p = rapport_pct(lang,
	                                                  rapport_rate(n, d));
	char *s = xasprintf("%s (%s)", c, p);

	free(c);
	free(p);
	return s;
}

const char *rapport_pct_suffix(enum rapport_lang lang)
{
	return lang == RAPPORT_FR ? NNBSP "%" : "%";
}
