# EB_ADD_CFLAG_IF_SUPPORTED(FLAG)
# -------------------------------
# Append FLAG to EB_WARN_CFLAGS when the compiler accepts it.
AC_DEFUN([EB_ADD_CFLAG_IF_SUPPORTED], [
  AC_MSG_CHECKING([whether $CC accepts $1])
  eb_save_CFLAGS=$CFLAGS
  CFLAGS="$CFLAGS -Werror $1"
  AC_COMPILE_IFELSE([AC_LANG_PROGRAM([], [])],
    [AC_MSG_RESULT([yes]); EB_WARN_CFLAGS="$EB_WARN_CFLAGS $1"],
    [AC_MSG_RESULT([no])])
  CFLAGS=$eb_save_CFLAGS
])

# EB_WARNING_FLAGS
# ----------------
# Strict warnings go to AM_CFLAGS so that the user's CFLAGS stay theirs.
AC_DEFUN([EB_WARNING_FLAGS], [
  EB_WARN_CFLAGS=
  m4_foreach_w([flag], [-Wall -Wextra -Wformat=2 -Wmissing-prototypes
      -Wstrict-prototypes -Wshadow -Wpointer-arith -Wcast-align
      -Wwrite-strings -Wundef -Wnull-dereference -Wvla
      -Wimplicit-fallthrough -Wno-unused-parameter -fno-common], [
    EB_ADD_CFLAG_IF_SUPPORTED(flag)
  ])
  AC_SUBST([EB_WARN_CFLAGS])
])

# EB_ENABLE_SANITIZERS
# --------------------
AC_DEFUN([EB_ENABLE_SANITIZERS], [
  AC_ARG_ENABLE([sanitizers],
    [AS_HELP_STRING([--enable-sanitizers], [build with AddressSanitizer and UndefinedBehaviorSanitizer])],
    [], [enable_sanitizers=no])
  EB_SANITIZER_CFLAGS=
  AS_IF([test "x$enable_sanitizers" = xyes], [
    EB_SANITIZER_CFLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined"
    eb_save_CFLAGS=$CFLAGS
    CFLAGS="$CFLAGS $EB_SANITIZER_CFLAGS"
    eb_save_LDFLAGS=$LDFLAGS
    LDFLAGS="$LDFLAGS $EB_SANITIZER_CFLAGS"
    AC_MSG_CHECKING([whether $CC supports sanitizers])
    AC_LINK_IFELSE([AC_LANG_PROGRAM([], [])], [AC_MSG_RESULT([yes])],
      [AC_MSG_RESULT([no]); AC_MSG_ERROR([sanitizers requested but $CC cannot link with them])])
    CFLAGS=$eb_save_CFLAGS
    LDFLAGS=$eb_save_LDFLAGS
  ])
  AC_SUBST([EB_SANITIZER_CFLAGS])
])

# EB_ENABLE_WERROR
# ----------------
AC_DEFUN([EB_ENABLE_WERROR], [
  AC_ARG_ENABLE([werror],
    [AS_HELP_STRING([--enable-werror], [treat compiler warnings as errors])],
    [], [enable_werror=no])
  AS_IF([test "x$enable_werror" = xyes], [EB_WARN_CFLAGS="$EB_WARN_CFLAGS -Werror"])
])
