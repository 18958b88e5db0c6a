/* Build tool: writes a C file holding the given files as byte arrays, so
 * that migrations, templates and static assets are part of the binary.
 * Usage: embed OUT.c ROOT FILE...   (names are stored relative to ROOT) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int emit(FILE *out, const char *path, int idx)
{
	FILE *in = fopen(path, "rb");
	int c, n = 0;

	if (!in) {
		perror(path);
		return -1;
	}
	fprintf(out, "static const unsigned char f%d[] = {", idx);
	while ((c = fgetc(in)) != EOF)
		fprintf(out, "%s%d,", n++ % 24 ? "" : "\n", c);
	fprintf(out, "0};\n");
	fclose(in);
	return n;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: embed OUT.c ROOT FILE...\n");
		return 2;
	}
	FILE *out = fopen(argv[1], "w");
	size_t rootlen = strlen(argv[2]);
	int *sizes = calloc((size_t)argc, sizeof(int));

	if (!out || !sizes)
		return 1;
	fprintf(out, "#include \"util/embed.h\"\n");
	for (int i = 3; i < argc; i++)
		if ((sizes[i] = emit(out, argv[i], i)) < 0)
			return 1;
	fprintf(out, "const struct embedded_file embedded_files[] = {\n");
	for (int i = 3; i < argc; i++) {
		const char *name = argv[i];
		if (!strncmp(name, argv[2], rootlen))
			name += rootlen;
		while (*name == '/')
			name++;
		fprintf(out, "{\"%s\", f%d, %d},\n", name, i, sizes[i]);
	}
	fprintf(out, "{0, 0, 0}};\n");
	free(sizes);
	return fclose(out) ? 1 : 0;
}
