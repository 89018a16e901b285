// memcpy, memmove and memset as WebAssembly bulk-memory instructions (memory.copy / memory.fill),
// which the engine runs natively. Emscripten's libc copies with a word loop below 512 bytes and calls
// out to JavaScript (HEAPU8.copyWithin) above; every message is copied several times on its way
// through the core (strings, the texts sent and received), and those loops were ~4% of a call's time.
// Only this file is built with -mbulk-memory (CMakeLists.txt): the whole module with it does not
// link with this Emscripten (3.1.6).
#include <cstddef>

extern "C" {

void* memcpy(void* __restrict destination, const void* __restrict source, size_t size) {
  return __builtin_memcpy(destination, source, size);
}

void* memmove(void* destination, const void* source, size_t size) {
  return __builtin_memmove(destination, source, size);
}

void* memset(void* destination, int value, size_t size) { return __builtin_memset(destination, value, size); }

}  // extern "C"
