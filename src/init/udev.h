/* udev, for runs that want device nodes named and set up by rules. */
#pragma once

/* Start udevd, replay the kernel's events and wait for them to settle. */
void udev_start(char *const *env);
