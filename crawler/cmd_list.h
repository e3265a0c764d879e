/* cmd_list.h - `inventaire list ACCOUNT_URL...` (cmd_list.c). */
#ifndef INVENTAIRE_CMD_LIST_H
#define INVENTAIRE_CMD_LIST_H

/* ARGV[0] is "list". Returns the exit status: 0, 2 (usage), 3 (some
 * accounts failed), 4 (nothing written). Needs curl_global_init() done. */
int cmd_list(int argc, char **argv);

#endif
