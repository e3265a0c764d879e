/*
 * cmd_license.h - `inventaire license FILE...`: what licence is this text?
 */
#ifndef INVENTAIRE_CMD_LICENSE_H
#define INVENTAIRE_CMD_LICENSE_H

/* argv[0] is "license". Returns the process exit code. */
int cmd_license(int argc, char **argv);

#endif
