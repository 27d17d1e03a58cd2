package io.facegate.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Test tier "fast": no models, no server, no external programs; the whole tier runs in seconds
 * ({@code mvn -B test -Dgroups=fast}). Service rules run here on {@link FakeFaceReader}.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Tag("fast")
public @interface FastTier {}
