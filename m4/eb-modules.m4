# EB_REQUIRE_MODULE(VARIABLE, MODULES, DEBIAN-PACKAGE)
# ----------------------------------------------------
# Find a library with pkg-config; fail naming the package that provides it.
AC_DEFUN([EB_REQUIRE_MODULE], [
  PKG_CHECK_MODULES([$1], [$2], [],
    [AC_MSG_ERROR([$2 not found: install the Debian package $3 (apt-get install $3)])])
])

# EB_CHECK_STATIC_LIBC
# --------------------
# The guest init links with -static.
AC_DEFUN([EB_CHECK_STATIC_LIBC], [
  AC_MSG_CHECKING([whether $CC can link static programs])
  eb_save_LDFLAGS=$LDFLAGS
  LDFLAGS="$LDFLAGS -static"
  AC_LINK_IFELSE([AC_LANG_PROGRAM([], [])],
    [AC_MSG_RESULT([yes])],
    [AC_MSG_RESULT([no])
     AC_MSG_ERROR([cannot link a static program: install the Debian package libc6-dev])])
  LDFLAGS=$eb_save_LDFLAGS
])
