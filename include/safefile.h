/* safefile.h: the one way polsim writes a file it was asked to write (:save,
 * `polsim report -o`, `plot ... to "FILE"`, `polsim fmt`, `--output FILE`).
 *   - only a regular file is replaced: a device, named pipe, socket or folder
 *     at the name is refused, and so is a symbolic link (the writer never
 *     follows a final link: it would write wherever the link leads);
 *   - the name's folder is taken by its real path, and with a root given it
 *     must be the root or under it (a symbolic link to a folder outside is
 *     refused too);
 *   - the text goes to a temporary file in that folder (unnamed where the
 *     system allows, so a killed polsim leaves nothing), is synced, then
 *     renamed over the name and the folder synced: the old file stays whole
 *     until the new one is whole on disk (a full disk, a kill).
 * A replaced file keeps its permission bits (and, for root, its owner); a
 * new one gets 0666 less the umask.
 * Ownership: safefile_open returns a SafeFile that the caller ends with
 * exactly one of safefile_commit or safefile_abort, which free it and close
 * its stream. Error texts (err) are reasons without the file's name, such as
 * "it is a symbolic link"; callers say "cannot write 'NAME': REASON". */
#ifndef POLSIM_SAFEFILE_H
#define POLSIM_SAFEFILE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef struct SafeFile SafeFile;

/* Starts replacing path; root (NULL: anywhere) is the folder it must lie
 * in. NULL with the reason in err when path may not or cannot be written. */
SafeFile *safefile_open(const char *path, const char *root, char *err, size_t errn);
/* The stream the new text is written to (owned by f). */
FILE *safefile_stream(SafeFile *f);
/* The real path of the folder the file goes in (owned by f). */
const char *safefile_dir(const SafeFile *f);
/* Syncs the text and renames it over the name; false with the reason in err
 * (the old file untouched, the temporary file removed). Frees f. */
bool safefile_commit(SafeFile *f, char *err, size_t errn);
/* Drops the new text: the old file stays as it was. Frees f. */
void safefile_abort(SafeFile *f);
/* safefile_open, data[0..len) written, safefile_commit. */
bool safefile_write(const char *path, const char *root, const void *data, size_t len, char *err, size_t errn);
#endif
