/* assert_close.h: shared by the cmocka unit tests (include after cmocka.h). */
#ifndef POLSIM_TEST_ASSERT_CLOSE_H
#define POLSIM_TEST_ASSERT_CLOSE_H
#include <math.h>

/* Relative comparison written independently of quantity_close (which is
 * itself under test); prints both values on failure. */
#define assert_close(a, b)                                                        \
    do {                                                                          \
        double a_ = (a), b_ = (b);                                                \
        if (!(fabs(a_ - b_) <= 1e-12 * fmax(fabs(a_), fabs(b_)))) {               \
            print_error("%s = %.17g, expected %.17g\n", #a, a_, b_);              \
            fail();                                                               \
        }                                                                         \
    } while (0)

#endif
