/* version.h: the one place the version number lives. */
#ifndef POLSIM_VERSION_H
#define POLSIM_VERSION_H
#define POLSIM_VERSION "0.1.0"
#endif
