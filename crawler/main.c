#include <stdio.h>
#include "version.h"
int main(void) { puts("inventaire " INVENTAIRE_VERSION); return 0; }
