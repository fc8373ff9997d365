package pyc

// sysPreadv2 is preadv2's system call number.
const sysPreadv2 = 327
