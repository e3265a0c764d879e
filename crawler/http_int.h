/* http_int.h - what http_list.c needs from the engine's insides. */
#ifndef INVENTAIRE_HTTP_INT_H
#define INVENTAIRE_HTTP_INT_H

#include "http.h"

unsigned http_engine_max_pages(const struct http_engine *e);

#endif
