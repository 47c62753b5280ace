/* With -DFUZZ_STANDALONE, a fuzz target that includes this (after its
 * LLVMFuzzerTestOneInput) is a plain program: it runs each file named on
 * its command line through the target once, a quick check of the seeds
 * and of a crash file without libFuzzer (tests/fuzz/README.md).  Without
 * it, libFuzzer supplies main(). */
#ifndef VGTOOL_FUZZ_STANDALONE_H
#define VGTOOL_FUZZ_STANDALONE_H
#ifdef FUZZ_STANDALONE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		uint8_t *data = NULL;
		size_t len = 0, cap = 0, n;

		if (!f) {
			perror(argv[i]);
			return 1;
		}
		/* the whole file, however long: the target sees what libFuzzer
		 * would give it */
		do {
			if (len == cap) {
				cap = cap ? 2 * cap : 65536;
				if (!(data = realloc(data, cap))) {
					perror("realloc");
					return 1;
				}
			}
			n = fread(data + len, 1, cap - len, f);
			len += n;
		} while (n);
		fclose(f);
		LLVMFuzzerTestOneInput(data, len);
		free(data);
	}
	return 0;
}
#endif
#endif
