package com.payband.drivers.idcard;

/** Something that happened at a reader, published to its subscribers. */
public sealed interface ReaderEvent {

    ReaderInfo reader();

    record ReaderAttached(ReaderInfo reader) implements ReaderEvent { }

    record ReaderRemoved(ReaderInfo reader) implements ReaderEvent { }

    record CardPresent(ReaderInfo reader) implements ReaderEvent { }

    record CardRemoved(ReaderInfo reader) implements ReaderEvent { }
}
