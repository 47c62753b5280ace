/* Common includes for the cmocka unit tests (cmocka needs these first). */
#ifndef VGTOOL_UNIT_H
#define VGTOOL_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#endif
