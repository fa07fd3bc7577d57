package io.switchboard.message;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.CollectionSerializer;
import com.esotericsoftware.kryo.serializers.CollectionSerializer.BindCollection;
import com.esotericsoftware.kryo.serializers.DefaultArraySerializers.ObjectArraySerializer;
import com.esotericsoftware.kryo.serializers.DefaultArraySerializers.StringArraySerializer;
import com.esotericsoftware.kryo.serializers.FieldSerializer;
import com.esotericsoftware.kryo.serializers.ImmutableCollectionsSerializers.JdkImmutableListSerializer;
import com.esotericsoftware.kryo.serializers.ImmutableCollectionsSerializers.JdkImmutableSetSerializer;
import com.esotericsoftware.kryo.serializers.MapSerializer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Kryo serializers for collections, maps and object arrays that refuse an element count larger than
 * the bytes left before Kryo allocates for it ({@code new ArrayList(n)}, {@code new Object[n]}):
 * every element takes at least one byte, so the bytes left bound every honest count. The one honest
 * form that does not fit: a collection of nothing but nulls, which Kryo writes as its count alone;
 * it is refused when written, so that no reader refuses it later.
 *
 * <p>Kryo's own serializers are kept (so the bytes stay Kryo's) and wrapped: the count is read
 * ahead the way the serializer will read it, checked, and the position put back. The immutable
 * {@code List.of}/{@code Set.of} serializers read their count in two ways depending on the generic
 * type, so those two are replaced by equivalents that check it where they allocate.
 */
final class BoundedSerializers {
  private BoundedSerializers() {}

  /**
   * Returns {@code chosen} (the serializer Kryo picked for a class, or one an annotation binds to a
   * field) with its counts bounded, down to the element, key and value serializers it was given.
   */
  static Serializer<?> bound(Serializer<?> chosen) {
    if (chosen instanceof CollectionSerializer<?> collection
        && collection.getElementSerializer() != null) {
      collection.setElementSerializer(bound(collection.getElementSerializer()));
    }
    if (chosen instanceof MapSerializer<?> map) {
      if (map.getKeySerializer() != null) {
        map.setKeySerializer(bound(map.getKeySerializer()));
      }
      if (map.getValueSerializer() != null) {
        map.setValueSerializer(bound(map.getValueSerializer()));
      }
    }
    if (chosen instanceof JdkImmutableListSerializer) {
      return new ImmutableList();
    }
    if (chosen instanceof JdkImmutableSetSerializer) {
      return new ImmutableSet();
    }
    if (chosen instanceof CollectionSerializer) {
      // Kryo's collections all let elements be null: the count is a varint with a flag bit
      return new CountChecked<>(chosen, true);
    }
    if (chosen instanceof MapSerializer
        || chosen instanceof ObjectArraySerializer
        || chosen instanceof StringArraySerializer) {
      return new CountChecked<>(chosen, false);
    }
    return chosen;
  }

  /**
   * Bounds the serializers that annotations bind to the fields of a class ({@code @BindCollection},
   * {@code @BindMap}, {@code @Bind}): Kryo makes those itself, not through the registrations that
   * {@link #bound} wraps. A {@code @BindCollection} serializer reads its count in a form that
   * depends on the annotation, so it is replaced by one that checks the count where it allocates.
   */
  static void boundFields(Serializer<?> serializer) {
    if (!(serializer instanceof FieldSerializer<?> fields)) {
      return;
    }
    for (FieldSerializer.CachedField field : fields.getFields()) {
      Serializer<?> bound = field.getSerializer();
      BindCollection annotation = field.getField().getAnnotation(BindCollection.class);
      if (annotation != null && bound instanceof CollectionSerializer<?> collection) {
        CheckedCollection checked = new CheckedCollection();
        checked.setElementsCanBeNull(annotation.elementsCanBeNull());
        Serializer<?> elements = collection.getElementSerializer();
        checked.setElementClass(
            collection.getElementClass(), elements == null ? null : bound(elements));
        field.setSerializer(checked);
      } else if (bound != null) {
        field.setSerializer(bound(bound));
      }
    }
  }

  /** Kryo's {@code CollectionSerializer} (same bytes), checking the count where it allocates. */
  private static final class CheckedCollection extends CollectionSerializer<Collection<Object>> {
    @Override
    protected Collection<Object> create(
        Kryo kryo, Input input, Class<? extends Collection<Object>> type, int size) {
      requireElements(input, size);
      return super.create(kryo, input, type, size);
    }
  }

  /** Throws when {@code count} elements cannot fit in the bytes {@code input} has left. */
  static void requireElements(Input input, int count) {
    int left = input.limit() - input.position();
    if (count > left) {
      throw new KryoException(
          "Buffer underflow: a collection or array of "
              + count
              + " elements in "
              + left
              + " bytes (each element takes at least one)");
    }
  }

  /**
   * Reads the count ahead (Kryo writes count + 1; 0 is null), checks it, then lets the serializer
   * read.
   */
  private static final class CountChecked<T> extends Serializer<T> {
    private final Serializer<T> serializer;
    private final boolean flagged;

    @SuppressWarnings("unchecked") // the registration's serializer, of the registration's type
    CountChecked(Serializer<?> serializer, boolean flagged) {
      super(serializer.getAcceptsNull(), serializer.isImmutable());
      this.serializer = (Serializer<T>) serializer;
      this.flagged = flagged;
    }

    @Override
    public void write(Kryo kryo, Output output, T object) {
      int start = output.position();
      serializer.write(kryo, output, object);
      // Kryo writes a collection of nothing but nulls as its count alone; refused here, at the
      // sender, rather than by the reader's bound
      if (object instanceof Collection<?> collection) {
        int count = collection.size();
        int elementBytes = output.position() - start - countLength(count + 1);
        if (count > elementBytes) {
          throw new KryoException(
              "a "
                  + object.getClass().getName()
                  + " of "
                  + count
                  + " elements written in "
                  + elementBytes
                  + " bytes (only nulls?) would be refused by the reader's bound of one byte per"
                  + " element; send fewer nulls or a collection with a non-null element");
        }
      }
    }

    private int countLength(int value) {
      if (!flagged) {
        return Output.varIntLength(value, true);
      }
      return value >>> 6 == 0 ? 1 : 1 + Output.varIntLength(value >>> 6, true);
    }

    @Override
    public T read(Kryo kryo, Input input, Class<? extends T> type) {
      int start = input.position();
      int count = (flagged ? input.readVarIntFlag(true) : input.readVarInt(true)) - 1;
      input.setPosition(start);
      requireElements(input, count);
      return serializer.read(kryo, input, type);
    }

    @Override
    public T copy(Kryo kryo, T original) {
      return serializer.copy(kryo, original);
    }
  }

  /**
   * Kryo's {@code JdkImmutableListSerializer} (same bytes), checking the count where it allocates.
   */
  private static final class ImmutableList extends CollectionSerializer<List<Object>> {
    ImmutableList() {
      setElementsCanBeNull(false);
    }

    @Override
    protected List<Object> create(
        Kryo kryo, Input input, Class<? extends List<Object>> type, int size) {
      requireElements(input, size);
      return new ArrayList<>(size);
    }

    @Override
    public List<Object> read(Kryo kryo, Input input, Class<? extends List<Object>> type) {
      List<Object> list = super.read(kryo, input, type);
      return list == null ? null : List.of(list.toArray());
    }

    @Override
    protected List<Object> createCopy(Kryo kryo, List<Object> original) {
      return new ArrayList<>(original.size());
    }

    @Override
    public List<Object> copy(Kryo kryo, List<Object> original) {
      return List.copyOf(super.copy(kryo, original));
    }
  }

  /**
   * Kryo's {@code JdkImmutableSetSerializer} (same bytes), checking the count where it allocates.
   */
  private static final class ImmutableSet extends CollectionSerializer<Set<Object>> {
    ImmutableSet() {
      setElementsCanBeNull(false);
    }

    @Override
    protected Set<Object> create(
        Kryo kryo, Input input, Class<? extends Set<Object>> type, int size) {
      requireElements(input, size);
      return new HashSet<>();
    }

    @Override
    public Set<Object> read(Kryo kryo, Input input, Class<? extends Set<Object>> type) {
      Set<Object> set = super.read(kryo, input, type);
      return set == null ? null : Set.of(set.toArray());
    }

    @Override
    protected Set<Object> createCopy(Kryo kryo, Set<Object> original) {
      return new HashSet<>();
    }

    @Override
    public Set<Object> copy(Kryo kryo, Set<Object> original) {
      return Set.copyOf(super.copy(kryo, original));
    }
  }
}
