// operator new / delete for the Wasm build: small blocks from per-size free lists, the rest from
// malloc (dlmalloc).
//
// Why: a SIP call makes about a thousand small allocations in the core (strings, which on wasm32
// libc++ leave the object past 10 characters; vectors of parameters; shared_ptr and std::function
// blocks), and dlmalloc's general-purpose bookkeeping for each was ~8% of the Wasm time of a call
// (bench/calls.mjs, profiled). Here a block of up to kLargestSmall bytes costs a free-list pop and
// a push: sizes are rounded up to a multiple of 8 (operator new's alignment on wasm32, see
// __STDCPP_DEFAULT_NEW_ALIGNMENT__), and each size has its own 64 KiB slabs, taken from malloc
// aligned to their size so that the slab of any pointer is found by a shift. A slab never goes back
// to malloc and a freed block only serves its own size again; the Wasm heap never shrinks either.
// No per-block header: blocks are smaller than dlmalloc's, whose chunks are 16-byte multiples
// with a 4-byte header.
//
// The module is single-threaded (no pthreads), so there are no locks.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>

namespace {

constexpr size_t kGranule = 8;
constexpr size_t kLargestSmall = 256;
constexpr size_t kClasses = kLargestSmall / kGranule;  // class c holds blocks of (c + 1) * 8 bytes
constexpr size_t kSlabShift = 16;
constexpr size_t kSlabBytes = size_t{1} << kSlabShift;
// wasm32 addresses are 32 bits: one byte per possible slab, 0 = not a slab, else class + 1.
constexpr size_t kSlabSlots = (uint64_t{1} << 32) >> kSlabShift;

struct FreeBlock {
  FreeBlock* next;
};

struct SizeClass {
  FreeBlock* free = nullptr;
  char* unused = nullptr;  // the current slab's never-used tail
  char* unusedEnd = nullptr;
};

SizeClass classes[kClasses];
uint8_t slabClass[kSlabSlots];

size_t slabIndex(const void* p) { return reinterpret_cast<uintptr_t>(p) >> kSlabShift; }

void* allocateSmall(size_t size) {
  const size_t c = size == 0 ? 0 : (size - 1) / kGranule;
  SizeClass& sc = classes[c];
  if (FreeBlock* block = sc.free) {
    sc.free = block->next;
    return block;
  }
  const size_t blockBytes = (c + 1) * kGranule;
  if (static_cast<size_t>(sc.unusedEnd - sc.unused) < blockBytes) {
    char* slab = static_cast<char*>(std::aligned_alloc(kSlabBytes, kSlabBytes));
    if (!slab) return nullptr;
    slabClass[slabIndex(slab)] = static_cast<uint8_t>(c + 1);
    sc.unused = slab;
    sc.unusedEnd = slab + kSlabBytes;
  }
  void* block = sc.unused;
  sc.unused += blockBytes;
  return block;
}

void* allocate(size_t size) {
  void* p = size <= kLargestSmall ? allocateSmall(size) : std::malloc(size);
  return p;
}

void deallocate(void* p) {
  if (!p) return;
  if (const uint8_t c = slabClass[slabIndex(p)]) {
    auto* block = static_cast<FreeBlock*>(p);
    block->next = classes[c - 1].free;
    classes[c - 1].free = block;
    return;
  }
  std::free(p);
}

// operator new's contract: loop on the new-handler, then throw (or return null for nothrow).
void* allocateOrThrow(size_t size) {
  for (;;) {
    if (void* p = allocate(size)) return p;
    std::new_handler handler = std::get_new_handler();
    if (!handler) throw std::bad_alloc();
    handler();
  }
}

}  // namespace

void* operator new(size_t size) { return allocateOrThrow(size); }
void* operator new[](size_t size) { return allocateOrThrow(size); }
void* operator new(size_t size, const std::nothrow_t&) noexcept { return allocate(size); }
void* operator new[](size_t size, const std::nothrow_t&) noexcept { return allocate(size); }
void operator delete(void* p) noexcept { deallocate(p); }
void operator delete[](void* p) noexcept { deallocate(p); }
void operator delete(void* p, size_t) noexcept { deallocate(p); }
void operator delete[](void* p, size_t) noexcept { deallocate(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { deallocate(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { deallocate(p); }
