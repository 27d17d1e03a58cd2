package io.facegate.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Test tier "slow": no models and no server either, but graphs and galleries of thousands of
 * synthetic embeddings built per test, which takes tens of seconds on a busy machine ({@code mvn -B
 * test -Dgroups=slow}).
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Tag("slow")
public @interface SlowTier {}
