import io

# Used once: held by a fresh compileall process only through its type
# attribute cache, until an earlier file's error report evicts it.
ConIO = io._WindowsConsoleIO
