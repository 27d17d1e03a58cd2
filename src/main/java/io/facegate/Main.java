package io.facegate; public class Main { public static void main(String[] a){} }
