/*
 * commands.h - the subcommands, one file each (git's builtin/ layout):
 * `int cmd_NAME(int argc, char **argv)` with argv[0] the command's name,
 * returning the process exit code. `-h`/`--help` prints its usage and 0.
 */
#ifndef INVENTAIRE_COMMANDS_H
#define INVENTAIRE_COMMANDS_H

int cmd_check(int argc, char **argv);
int cmd_crawl(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_discover(int argc, char **argv);
int cmd_license(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_merge(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_validate(int argc, char **argv);

#endif
