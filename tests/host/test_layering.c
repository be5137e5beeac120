/* tests/host/test_layering.c - the include rules of README.md ("Where
 * things go"), checked on the sources themselves, so that a circle like
 * shell -> tty -> time -> shell cannot come back unnoticed.
 *
 * It reads every .c and .h under boot/, lib/, kernel/ and drivers/ (run
 * from the repository root, as tests/run.py does) and checks:
 *
 *   1. only the shell (kernel/shell.c, kernel/shell_cmd.c), the boot
 *      (kernel/main.c) and in-kernel tests include kernel/shell.h: a
 *      subsystem registers commands through kernel/command.h;
 *   2. lib/ includes only lib/ (it builds for the host too);
 *   3. kernel/ includes nothing from drivers/, except kernel/main.c, the
 *      one place that knows every driver's init (and tests, which may
 *      use a device);
 *   4. no circle of includes between modules (a module is foo.c with
 *      foo.h), tests left out.
 */
#include "tests/host/tap.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_FILES 1024
#define MAX_INCLUDES 48
#define PATH_LEN 256

struct src {
	char path[PATH_LEN];   /* kernel/tty.c */
	char module[PATH_LEN]; /* kernel/tty */
	int ninc;
	char inc[MAX_INCLUDES][PATH_LEN]; /* "kernel/time.h", as written */
};

static struct src files[MAX_FILES];
static int nfiles;

static int
starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static int
ends(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

static void
read_includes(struct src *f)
{
	char line[512];
	FILE *fp = fopen(f->path, "r");

	if (!fp)
		return;
	while (fgets(line, sizeof(line), fp)) {
		const char *q = line;
		while (*q == ' ' || *q == '\t')
			q++;
		if (!starts(q, "#include \""))
			continue;
		q += strlen("#include \"");
		const char *end = strchr(q, '"');
		if (!end || end - q >= PATH_LEN || f->ninc == MAX_INCLUDES)
			continue;
		memcpy(f->inc[f->ninc], q, end - q);
		f->inc[f->ninc++][end - q] = '\0';
	}
	fclose(fp);
}

static void
scan(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d))) {
		char p[PATH_LEN];
		struct stat st;

		if (e->d_name[0] == '.')
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
		if (stat(p, &st) < 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			scan(p);
			continue;
		}
		if ((!ends(p, ".c") && !ends(p, ".h")) || nfiles == MAX_FILES)
			continue;
		struct src *f = &files[nfiles++];
		snprintf(f->path, sizeof(f->path), "%s", p);
		snprintf(f->module, sizeof(f->module), "%s", p);
		f->module[strlen(p) - 2] = '\0';
		read_includes(f);
	}
	closedir(d);
}

static int
is_test(const char *path)
{
	return starts(path, "kernel/tests/") || ends(path, "_ktest.c");
}

static int
rule_shell_h(void)
{
	int bad = 0;

	for (int i = 0; i < nfiles; i++) {
		const struct src *f = &files[i];
		if (!strcmp(f->path, "kernel/shell.c") ||
		    !strcmp(f->path, "kernel/shell_cmd.c") ||
		    !strcmp(f->path, "kernel/main.c") || is_test(f->path))
			continue;
		for (int k = 0; k < f->ninc; k++)
			if (!strcmp(f->inc[k], "kernel/shell.h")) {
				printf("#   %s includes kernel/shell.h (a "
				       "command "
				       "needs only kernel/command.h)\n",
				       f->path);
				bad++;
			}
	}
	return bad;
}

/* Files under `from` (but `except`) that include something under `to`
 * (`to` NULL: anything not under `from`). */
static int
rule_no_include(const char *from, const char *except, const char *to)
{
	int bad = 0;

	for (int i = 0; i < nfiles; i++) {
		const struct src *f = &files[i];
		if (!starts(f->path, from) || is_test(f->path) ||
		    (except && !strcmp(f->path, except)))
			continue;
		for (int k = 0; k < f->ninc; k++) {
			const char *inc = f->inc[k];
			if (to ? starts(inc, to) : !starts(inc, from)) {
				printf("#   %s includes %s\n", f->path, inc);
				bad++;
			}
		}
	}
	return bad;
}

/* Module graph: module i leans on module j when a file of i includes j.h. */
static char modules[MAX_FILES][PATH_LEN];
static int nmodules;
static unsigned char edge[MAX_FILES][MAX_FILES];
static int state[MAX_FILES]; /* 0 unseen, 1 on the DFS path, 2 done */
static int path[MAX_FILES], depth;

static int
module_index(const char *m)
{
	for (int i = 0; i < nmodules; i++)
		if (!strcmp(modules[i], m))
			return i;
	return -1;
}

static void
build_graph(void)
{
	for (int i = 0; i < nfiles; i++)
		if (!is_test(files[i].path) &&
		    module_index(files[i].module) < 0)
			snprintf(modules[nmodules++], sizeof(modules[0]), "%s",
				 files[i].module);
	for (int i = 0; i < nfiles; i++) {
		const struct src *f = &files[i];
		int from = module_index(f->module);
		if (from < 0 || is_test(f->path))
			continue;
		for (int k = 0; k < f->ninc; k++) {
			char m[PATH_LEN];
			snprintf(m, sizeof(m), "%s", f->inc[k]);
			if (!ends(m, ".h"))
				continue;
			m[strlen(m) - 2] = '\0';
			int to = module_index(m);
			if (to >= 0 && to != from)
				edge[from][to] = 1;
		}
	}
}

/* Depth-first search; prints the first circle found through v. */
static int
find_circle(int v)
{
	state[v] = 1;
	path[depth++] = v;
	for (int w = 0; w < nmodules; w++) {
		if (!edge[v][w])
			continue;
		if (state[w] == 1) {
			printf("#   include circle:");
			int k = depth - 1;
			while (path[k] != w)
				k--;
			for (; k < depth; k++)
				printf(" %s ->", modules[path[k]]);
			printf(" %s\n", modules[w]);
			return 1;
		}
		if (state[w] == 0 && find_circle(w))
			return 1;
	}
	depth--;
	state[v] = 2;
	return 0;
}

static int
rule_no_circles(void)
{
	build_graph();
	for (int v = 0; v < nmodules; v++)
		if (state[v] == 0 && find_circle(v))
			return 1;
	return 0;
}

int
main(void)
{
	scan("boot");
	scan("lib");
	scan("kernel");
	scan("drivers");
	int found_shell = 0;
	for (int i = 0; i < nfiles; i++)
		found_shell |= !strcmp(files[i].path, "kernel/shell.c");
	if (!tap_ok(nfiles > 50 && found_shell,
		    "found the sources (%d files; run from the repository "
		    "root)",
		    nfiles))
		return tap_done();
	tap_ok(rule_shell_h() == 0, "only the shell, kmain and tests include "
				    "kernel/shell.h");
	tap_ok(rule_no_include("lib/", NULL, NULL) == 0,
	       "lib/ includes only lib/");
	tap_ok(rule_no_include("kernel/", "kernel/main.c", "drivers/") == 0,
	       "kernel/ includes nothing from drivers/ (but main.c, tests)");
	tap_ok(rule_no_circles() == 0, "no include circle between modules");
	return tap_done();
}
